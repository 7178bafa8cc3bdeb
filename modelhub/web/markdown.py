"""README rendering: Markdown to HTML, then sanitised with nh3 (an allow-list, no scripts, no styles).

Both steps are bounded for any README the rules accept (100,000 characters): the Markdown
is rendered by cmark-gfm (GitHub's C implementation, linear in its input; Python-Markdown
is quadratic in unclosed brackets), and HTML nested deeper than MAX_NESTING is never handed
to the sanitiser (html5ever's cost grows with the square of the nesting); such a README is
shown as plain text instead.
"""

import functools
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GitHub's extensions but tagfilter: nh3 removes <script>, <style> … with their content,
# where tagfilter would leave them on the page as escaped text.
EXTENSIONS = ("table", "strikethrough", "autolink")
# Raw HTML in a README is kept (nh3 then keeps only the allow-list); GitHub does the same.
CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
MAX_NESTING = 100
NESTED_TOO_DEEPLY = "This README nests more than {limit} levels deep, so it is shown as plain text."
# Elements that never have an end tag, and those an end tag cannot close across (HTML's
# "element in scope" boundaries): the nesting count below never underestimates the parser's.
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
_SCOPE = frozenset("applet caption html marquee object table td th template math svg".split())  # noqa: SIM905
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"area", "map", "center", "header", "footer", "nav", "hgroup"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _attribute_filter(tag: str, attribute: str, value: str, image_path: str = "") -> str | None:
    """Drop URLs with white space or control characters (a real URL has none, and browsers
    strip some of them, so `java\tscript:` could become a scheme); keep only `language-xyz`
    classes on code blocks (fenced_code adds them).

    An image's `src` is kept only when it is the model's own image endpoint (`image_path`,
    with or without a query). Any other image would be fetched by every reader's browser:
    a relative one, or one on this site's host, is an API call made with the reader's session
    (a README could make each reader call the API and fill their request log); an external
    one the Content-Security-Policy blocks anyway.
    """
    if attribute in ("href", "src") and any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    if tag == "img" and attribute == "src":
        return value if image_path and value.partition("?")[0] == image_path else None
    if tag == "code" and attribute == "class":
        kept = [c for c in value.split() if c.startswith("language-") and c[9:].replace("-", "").isalnum()]
        return " ".join(kept) or None
    return value


def render_markdown(text: str, *, image_path: str = "") -> SafeString:
    """Markdown (user text) to sanitised HTML that is safe to insert into a page.

    `image_path` is the model's own image endpoint, the one image a README may show.
    """
    return _render(text, image_path)


@functools.lru_cache(maxsize=32)
def _render(text: str, image_path: str) -> SafeString:
    """Rendered once per worker for each README (a detail page is read far more than edited)."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - constant
    html = cmarkgfm.markdown_to_html_with_extensions(text, options=CMARK_OPTIONS, extensions=list(EXTENSIONS))
    if nesting_depth(html) > MAX_NESTING:
        notice = NESTED_TOO_DEEPLY.format(limit=MAX_NESTING)
        plain = f'<p class="text-body-secondary">{notice}</p><pre tabindex="0">{escape(text)}</pre>'
        return mark_safe(plain)  # noqa: S308 - our constant markup around the escaped text
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=functools.partial(_attribute_filter, image_path=image_path),
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # Code blocks and tables may scroll sideways on a phone: keyboard users must reach them
    # (our own constant attribute, added after sanitising; nh3 strips any tabindex of the user's).
    cleaned = cleaned.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above, then constant markup added


def nesting_depth(html: str) -> int:
    """How deep the elements of `html` nest, at least as deep as an HTML parser would see them
    (counting stops just past MAX_NESTING, so the pass is linear in `html`).

    A start tag opens an element (void ones excepted); an end tag closes the innermost open
    element of its name and all inside it, unless a scope boundary (a table, a cell …) lies
    between, as in HTML's tree construction. Elements a parser would close implicitly (an
    unclosed `<p>` before the next) stay open here: the count may be higher than the
    parser's, never lower.
    """
    stack: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            if name not in _VOID:
                stack.append(name)
                deepest = max(deepest, len(stack))
                if deepest > MAX_NESTING:
                    break
            continue
        for index in range(len(stack) - 1, -1, -1):
            if stack[index] == name:
                del stack[index:]
                break
            if stack[index] in _SCOPE:
                break
    return deepest
