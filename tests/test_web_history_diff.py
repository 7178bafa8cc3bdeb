"""The history's line diff of a configuration: a member that only gained (or lost) its trailing
comma, because a member was added or removed after it, is context, not removed and added."""

import json

from modelhub.web.history import DiffLine, line_diff


def pretty(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True)


def test_adding_a_member_after_another_shows_only_the_new_member():
    old, new = pretty({"repository": "acme/yolo"}), pretty({"repository": "acme/yolo", "tag": "v7"})
    diff, cut = line_diff(old, new, json_lines=True)
    assert [line for line in diff if line.kind != "ctx"] == [DiffLine("add", '  "tag": "v7"')]
    assert DiffLine("ctx", '  "repository": "acme/yolo",') in diff and cut == 0


def test_removing_the_last_member_shows_only_that_member_removed():
    old, new = pretty({"repository": "acme/yolo", "tag": "v7"}), pretty({"repository": "acme/yolo"})
    diff, _ = line_diff(old, new, json_lines=True)
    assert [line for line in diff if line.kind != "ctx"] == [DiffLine("del", '  "tag": "v7"')]


def test_a_changed_value_is_still_removed_and_added():
    old, new = pretty({"repository": "acme/yolo", "tag": "v7"}), pretty({"repository": "acme/yolo", "tag": "v8"})
    diff, _ = line_diff(old, new, json_lines=True)
    assert [line for line in diff if line.kind != "ctx"] == [
        DiffLine("del", '  "tag": "v7"'),
        DiffLine("add", '  "tag": "v8"'),
    ]


def test_prose_keeps_its_commas_significant_and_no_change_is_no_diff():
    diff, _ = line_diff("Fast,\nsmall\n", "Fast\nsmall\n")
    assert [line.kind for line in diff] == ["del", "add", "ctx"]
    assert line_diff("same\ntext", "same\ntext") == ([], 0)
