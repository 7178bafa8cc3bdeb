"""Migration 0009 makes IDs unique case-insensitively: existing case-duplicates are renamed, and it says so."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

MIGRATION = ("modelhub", "0009_lifecycle_case_insensitive_ids")


def _migrate(*, before: bool):
    """Migrate to just before MIGRATION, or to the latest migration; the models as they are there."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    targets = sorted(graph.node_map[MIGRATION].parents) if before else graph.leaf_nodes("modelhub")
    targets = [(node.key if hasattr(node, "key") else node) for node in targets]
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets[0]).apps


@pytest.mark.django_db(transaction=True)
def test_case_duplicates_are_renamed_deterministically_and_reported(capsys):
    old_apps = _migrate(before=True)
    Namespace = old_apps.get_model("modelhub", "Namespace")
    Definition = old_apps.get_model("modelhub", "ModelDefinition")
    AIModel = old_apps.get_model("modelhub", "AIModel")
    alice = Namespace.objects.create(namespace_id="alice", kind="USER")
    shouting = Namespace.objects.create(namespace_id="ALICE", kind="USER")
    Definition.objects.create(definition_id="container", title="Container", model_spec={"type": "object"})
    common = {"model_definition_id": "container", "task": "TASK_CLASSIFICATION", "hardware": "CPU"}
    common |= {"region_id": "REGION_GCP_EUROPE_WEST4", "visibility": "VISIBILITY_PUBLIC"}
    first = AIModel.objects.create(namespace=alice, model_id="resnet-50", **common)
    second = AIModel.objects.create(namespace=alice, model_id="RESNET-50", **common)
    third = AIModel.objects.create(namespace=alice, model_id="Resnet-50", **common)
    AIModel.objects.create(namespace=alice, model_id="resnet-50-2", **common)  # the first free suffix is taken
    elsewhere = AIModel.objects.create(namespace=shouting, model_id="RESNET-50", **common)

    new_apps = _migrate(before=False)
    output = capsys.readouterr().out
    AIModel = new_apps.get_model("modelhub", "AIModel")
    AuditEntry = new_apps.get_model("modelhub", "AuditEntry")
    Namespace = new_apps.get_model("modelhub", "Namespace")
    ids = dict(AIModel.objects.values_list("uid", "model_id"))
    assert ids[first.uid] == "resnet-50"  # the oldest keeps its ID
    assert (ids[second.uid], ids[third.uid]) == ("RESNET-50-3", "Resnet-50-4")
    assert ids[elsewhere.uid] == "RESNET-50"  # another namespace: not a duplicate
    assert sorted(Namespace.objects.values_list("namespace_id", flat=True)) == ["ALICE-2", "alice"]
    entry = AuditEntry.objects.get(aimodel_id=second.uid)
    assert entry.action == "rename" and entry.changes == {"model_id": {"old": "RESNET-50", "new": "RESNET-50-3"}}
    assert "Namespace 'ALICE' differs from 'alice' only in case: renamed to 'ALICE-2'" in output
    assert "Model alice/RESNET-50 differs from 'resnet-50' only in case: renamed to 'RESNET-50-3'" in output
