"""README rendering: Markdown, then sanitised by nh3."""

import re

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
