"""README rendering: Markdown to HTML, then sanitised with nh3 (an allow-list, no scripts, no styles)."""

import functools

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

EXTENSIONS = ("fenced_code", "tables", "sane_lists")
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
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 - constant
    html = markdown_lib.markdown(text, extensions=list(EXTENSIONS), output_format="html")
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
