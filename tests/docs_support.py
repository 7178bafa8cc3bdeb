"""Reading the API reference's pages in tests: the text of the elements marked with a data attribute."""

from html import unescape
from html.parser import HTMLParser

from modelhub.api.openapi import document
from modelhub.docs.reference import METHODS

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Marked(HTMLParser):
    def __init__(self, attribute: str):
        super().__init__(convert_charrefs=True)
        self.attribute = attribute
        self.found: dict[str, str] = {}
        self.open: list[list] = []  # [key, depth, text parts]

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        for entry in self.open:
            entry[1] += 1
        key = dict(attrs).get(self.attribute)
        if key is not None:
            self.open.append([key, 1, []])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for entry in list(self.open):
            entry[1] -= 1
            if entry[1] == 0:
                self.open.remove(entry)
                self.found[entry[0]] = " ".join("".join(entry[2]).split())

    def handle_data(self, data):
        for entry in self.open:
            entry[2].append(data)


def marked_text(html: str | bytes, attribute: str) -> dict[str, str]:
    """{attribute value: the element's text, whitespace collapsed} for every element carrying `attribute`."""
    parser = _Marked(attribute)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.found


def collapsed(text: str) -> str:
    return " ".join(unescape(text).split())


UPDATE = "/docs/api/update-a-model/"


def doc_operations():
    """(path, method, operation) straight from the document, not from the page model."""
    return [
        (path, method, item[method])
        for path, item in document()["paths"].items()
        for method in METHODS
        if method in item
    ]


def page_of(operation: dict) -> str:
    from django.utils.text import slugify

    return f"/docs/api/{slugify(operation['summary'])}/"
