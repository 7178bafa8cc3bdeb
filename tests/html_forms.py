"""A form as a browser submits it, read from the page's HTML (not from the Django form object).

The HTML standard's rules for a form's data set, for the controls modelhub's pages use:
inputs with a name and a value (checkboxes and radios only when checked, "on" by default;
file inputs and buttons left out), a textarea's text with the one newline right after its
start tag dropped and every line break sent as CRLF, a select's selected options (a single
select with none selected sends its first option). Disabled controls send nothing, and nor
do controls outside the form. Used by tests that must post what Chromium would, without a browser.
"""

import re
from html.parser import HTMLParser

NO_VALUE_TYPES = {"file", "submit", "button", "reset", "image"}


def crlf(text: str) -> str:
    """Line breaks as a browser submits them (HTML: "normalize newlines" to CRLF)."""
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


class _FormReader(HTMLParser):
    def __init__(self, form_selector: dict[str, str]):
        super().__init__(convert_charrefs=True)
        self.selector = form_selector
        self.depth = 0  # > 0 while inside the wanted form
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: dict | None = None
        self.select: dict | None = None

    def _matches(self, attrs: dict) -> bool:
        return all(attrs.get(key) == value for key, value in self.selector.items())

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif not self.found and self._matches(attrs):
                self.found, self.depth = True, 1
            return
        if not self.depth:
            return
        disabled = "disabled" in attrs
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            if not name or disabled or kind in NO_VALUE_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = {"name": attrs.get("name"), "disabled": disabled, "text": []}
        elif tag == "select":
            self.select = {
                "name": attrs.get("name"),
                "disabled": disabled,
                "multiple": "multiple" in attrs,
                "options": [],
            }
        elif tag == "option" and self.select is not None:
            self.select["options"].append(
                {"value": attrs.get("value"), "selected": "selected" in attrs, "disabled": disabled, "text": []}
            )

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"].append(data)
        elif self.select is not None and self.select["options"]:
            self.select["options"][-1]["text"].append(data)

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "form":
            self.depth -= 1
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea["text"])
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            if self.textarea["name"] and not self.textarea["disabled"]:
                self.fields.append((self.textarea["name"], crlf(text)))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            select, self.select = self.select, None
            if not select["name"] or select["disabled"]:
                return
            options = select["options"]
            chosen = [option for option in options if option["selected"]]
            if not select["multiple"] and not chosen:
                chosen = [option for option in options if not option["disabled"]][:1]
            for option in chosen:
                if option["disabled"]:
                    continue
                value = option["value"]
                if value is None:
                    value = " ".join("".join(option["text"]).split())
                self.fields.append((select["name"], value))


def form_fields(page: str, **selector: str) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser submits from the first form whose attributes match
    `selector` (e.g. id="aimodel-form"), unchanged, in document order."""
    reader = _FormReader(selector)
    reader.feed(page)
    reader.close()
    if not reader.found:
        raise AssertionError(f"no <form> with {selector} on the page")
    return reader.fields


def form_data(page: str, **selector: str) -> dict[str, str]:
    """`form_fields` as a dict (for forms whose names are unique), ready for the test client's post."""
    return dict(form_fields(page, **selector))


def settings_page_data(page: str) -> dict[str, str]:
    """The whole record from the settings page's section forms, as one post without a `section`
    (the form every field at once, as the Django admin and older clients post it)."""
    data: dict[str, str] = {}
    for form_id in re.findall(r'<form[^>]*\bid="(settings-form-[a-z_-]+)"', page):
        data |= form_data(page, id=form_id)
    data.pop("section", None)
    return data
