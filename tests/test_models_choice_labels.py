"""A stored choice is shown by the label its model field declares, on every surface that names it."""

from modelhub.models import AIModel, ModerationState, Task, Visibility


def test_choice_fields_answer_their_declared_labels():
    assert AIModel.choice_label("task", Task.CHAT) == Task.CHAT.label
    assert AIModel.choice_label("visibility", Visibility.PUBLIC) == "Public"
    assert AIModel.choice_label("moderation_state", ModerationState.HIDDEN) == "Hidden by moderators"


def test_other_fields_and_unknown_values_have_no_label():
    assert AIModel.choice_label("task", "TASK_NOT_A_TASK") is None
    assert AIModel.choice_label("region", "REGION_LOCAL") is None  # a catalog row: its title comes from the table
    assert AIModel.choice_label("description", "Public") is None
    assert AIModel.choice_label("no_such_field", "x") is None
    assert AIModel.choice_label("tags", ["a"]) is None


def test_reverse_relations_have_no_label():
    # a hide audits {"reports": {"old": "open: …", "new": "actioned"}}: "reports" names the
    # reverse relation, which has no choices; the history shows the plain text
    for name in ("reports", "aliases", "audit_entries", "moderation_notes"):
        assert AIModel.choice_label(name, "actioned") is None, name
