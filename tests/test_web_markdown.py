"""README rendering: Markdown, then sanitised by nh3."""

import re
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings

from modelhub.web import markdown
from modelhub.web.markdown import render_markdown


def test_markdown_basics():
    html = render_markdown("# Title\n\nSome *text* and `code`.\n\n- a\n- b\n\n```python\nprint(1)\n```")
    assert "<h1>Title</h1>" in html
    assert "<em>text</em>" in html and "<code>code</code>" in html
    assert "<li>a</li>" in html
    assert '<code class="language-python">' in html


def test_tables_and_links():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com)")
    assert '<table tabindex="0">' in html and "<td>1</td>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">docs</a>' in html


def test_scripts_handlers_and_bad_urls_are_removed():
    html = render_markdown(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3))\n\n"
        '<a href="data:text/html,hi">d</a> <iframe src="https://evil"></iframe> <style>body{}</style>'
        '\n\n<p style="position:fixed" class="evil">p</p>\n\n```evil" onclick="x\ncode\n```'
    )
    for bad in ("<script", "alert(1)", "onerror", "javascript:", "data:text", "<iframe", "<style", "style="):
        assert bad not in html, bad
    assert re.search(r"<[^>]+\son\w+=", html) is None  # no event handler attribute on any tag
    assert 'class="evil"' not in html


def test_empty_readme():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""


# --- bounded cost for any README the rules accept (100,000 characters) -------------------------

README_LIMIT = 100_000
# Each took Python-Markdown or the sanitiser from seconds to hours of CPU (`[` × 100,000: hours,
# quadratic in the brackets; 100,000 nested block quotes: minutes in html5ever).
PATHOLOGICAL = {
    "brackets": "[" * README_LIMIT,
    "image brackets": "![" * (README_LIMIT // 2),
    "unclosed links": "[a](" * (README_LIMIT // 4),
    "nested emphasis": "*" * (README_LIMIT // 2 - 1) + "a" + "*" * (README_LIMIT // 2),
    "block quotes": ">" * README_LIMIT,
    "nested divs": "<div>" * (README_LIMIT // 5),
    "nested lists": "".join("  " * i + "- x\n" for i in range(300)),
    "mismatched tags": "<div></span>" * (README_LIMIT // 12),
    "table": "|" + "a|" * 4000 + "\n|" + "-|" * 4000 + "\n" + ("|" + "a|" * 4000 + "\n") * 8,
}


def test_pathological_readmes_render_in_a_bounded_time():
    """All of them, rendered in a child process that must finish well within a minute (a
    generous bound, not a speed assertion: the quadratic renderer needed hours)."""
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'modelhub.settings'); django.setup()\n"
        "from modelhub.web.markdown import render_markdown\n"
        "from tests.test_web_markdown import PATHOLOGICAL\n"
        "for name, text in PATHOLOGICAL.items():\n"
        "    assert len(text) <= 100_000, name\n"
        "    html = render_markdown(text)\n"
        "    print(name, len(html), flush=True)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line.split()[0] for line in done.stdout.splitlines()] == [name.split()[0] for name in PATHOLOGICAL]


@pytest.mark.parametrize("name", ["block quotes", "nested divs", "mismatched tags"])
def test_html_nested_too_deeply_never_reaches_the_sanitiser_and_shows_as_text(name):
    text = PATHOLOGICAL[name]
    with mock.patch.object(markdown.nh3, "clean", wraps=markdown.nh3.clean) as sanitiser:
        html = render_markdown(text + "\n\n<script>alert(1)</script>")
    assert sanitiser.call_count == 0
    assert "shown as plain text" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # escaped, inert
    assert "<blockquote>" not in html and "<div>" not in html


def test_a_readme_nested_within_the_bound_is_formatted():
    text = "".join("  " * i + "- level\n" for i in range(12)) + "\n> quote\n> > inner\n"
    html = render_markdown(text)
    assert "plain text" not in html
    assert html.count("<ul>") == 12 and html.count("<blockquote>") == 2


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<p>a</p><p>b</p>", 1),
        ("<ul><li><p>x<br><img src=a></p></li></ul>", 3),
        ("<div><span></div>" * 3, 2),  # an end tag closes what is inside it
        ("<div></span>" * 5, 5),  # an end tag of nothing open closes nothing
        ("<table><tr><td><div></table>", 4),  # closes nothing across the cell
        ("<p>" * 150, 101),  # counting stops past the bound
    ],
)
def test_nesting_depth_never_underestimates(html, depth):
    assert markdown.nesting_depth(html) == depth


def test_the_detail_page_shows_a_pathological_readme_as_text(client, aimodel):
    type(aimodel).objects.filter(pk=aimodel.pk).update(readme=PATHOLOGICAL["block quotes"])
    response = client.get(f"/namespaces/{aimodel.namespace.namespace_id}/models/{aimodel.model_id}/")
    assert response.status_code == 200
    assert "shown as plain text" in response.content.decode()
