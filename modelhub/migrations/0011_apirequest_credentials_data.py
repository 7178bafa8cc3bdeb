# The rows logged with a token before 0010 say so (a separate migration: its RunPython sees the field).

from django.db import migrations


def mark_token_requests(apps, schema_editor):
    """Rows logged with a token (still on file) say so; the rest stay "session"."""
    ApiRequest = apps.get_model("modelhub", "ApiRequest")
    ApiRequest.objects.filter(token__isnull=False).update(credentials="token")


class Migration(migrations.Migration):

    dependencies = [
        ('modelhub', '0010_apirequest_credentials'),
    ]

    operations = [
        migrations.RunPython(mark_token_requests, migrations.RunPython.noop),
    ]
