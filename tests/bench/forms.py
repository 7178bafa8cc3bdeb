"""Read an HTML form back into POST data, as a browser would submit it (for the admin POST)."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the page's main POST form (the first form with an id ending in `_form`,
    else the first POST form): name -> list of submitted values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, list[str]] = {}
        self._in_form = False
        self._done = False
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._main = False
        self._fallback: dict[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self._done and not self._in_form:
            self._in_form = (a.get("method") or "").lower() == "post"
            if self._in_form:  # a new candidate: forget the fields of a form passed over
                self.fields, self._main = {}, (a.get("id") or "").endswith("_form")
            return
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.setdefault(name, []).append(a.get("value") or ("on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select" and name and "disabled" not in a:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:  # the admin's logout form comes before its change form
            self._in_form = False
            self._done = self._main
            if not self._main:
                self._fallback = self._fallback or self.fields
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [v for v, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.setdefault(name, []).extend(chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.setdefault(self._textarea, []).append(text[1:] if text.startswith("\n") else text)
            self._textarea = None


def form_fields(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields if parser._main else (parser._fallback or parser.fields)


class Links(HTMLParser):
    """Every <a href> with its rel, aria-label and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            a = dict(attrs)
            self._current = {
                "href": a.get("href") or "",
                "rel": a.get("rel") or "",
                "label": a.get("aria-label") or "",
                "text": "",
            }

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            self.links.append(self._current)
            self._current = None


def next_link(html: str) -> str | None:
    """The page's "next page" link, if it has one."""
    parser = Links()
    parser.feed(html)
    for link in parser.links:
        words = f"{link['rel']} {link['label']} {link['text']}".lower()
        if link["href"] and ("next" in words or link["text"].strip() in ("›", "»", "→")):
            return link["href"]
    return None
