"""The request log's slot becomes a column the database derives from seq (seq modulo the
ring's size), so the log's one INSERT names the user's next seq once. The table holds at most
100 rows per user; its constraints are dropped and made again around the change."""

import django.db.models.functions.math
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("modelhub", "0023_moderation_queue_indexes"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="apirequest", name="apirequest_user_slot"),
        migrations.RemoveConstraint(model_name="apirequest", name="apirequest_slot_in_ring"),
        migrations.RemoveField(model_name="apirequest", name="slot"),
        migrations.AddField(
            model_name="apirequest",
            name="slot",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.math.Mod(models.F("seq"), models.Value(100)),
                help_text="seq modulo the number of requests kept.",
                output_field=models.PositiveSmallIntegerField(),
            ),
        ),
        migrations.AddConstraint(
            model_name="apirequest",
            constraint=models.UniqueConstraint(fields=("user", "slot"), name="apirequest_user_slot"),
        ),
        migrations.AddConstraint(
            model_name="apirequest",
            constraint=models.CheckConstraint(condition=models.Q(("slot__lt", 100)), name="apirequest_slot_in_ring"),
        ),
    ]
