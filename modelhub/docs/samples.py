"""Code samples (curl, Python requests, JavaScript fetch) and example path values for one operation.

The values come from the signed-in user's own namespace and one of their models where they have
one, else from the parameters' examples in the OpenAPI document.

static/js/api_samples.js builds the same text in the browser from what is typed in Try It: a change
to a sample's layout here is made there too (tests/browser/test_docs_browser.py compares them).
"""

import json
import shlex
from dataclasses import dataclass
from urllib.parse import quote

from modelhub.docs.reference import Operation

TOKEN_VARIABLE = "MODELHUB_TOKEN"


@dataclass(frozen=True)
class Sample:
    key: str  # curl, python, javascript
    label: str
    code: str


def path_values(operation: Operation, own: dict[str, str]) -> dict[str, str]:
    """Each path parameter's value: the user's own (by parameter name), else the document's example."""
    return {field.name: own.get(field.name) or field.example for field in operation.path_fields}


def filled_path(operation: Operation, values: dict[str, str]) -> str:
    path = operation.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


def body_rows(body_text: str) -> int:
    """Rows for the Try It body textarea: the example's lines, within 4 to 18."""
    return min(max(body_text.count("\n") + 3, 4), 18)


def python_literal(value, level: int = 0) -> str:
    """A JSON value as a Python literal, one item per line (strings in JSON's double quotes)."""
    pad, end = "    " * (level + 1), "    " * level
    if isinstance(value, dict) and value:
        items = (
            f"{pad}{json.dumps(key, ensure_ascii=False)}: {python_literal(item, level + 1)},"
            for key, item in value.items()
        )
        return "{\n" + "\n".join(items) + f"\n{end}}}"
    if isinstance(value, list) and value:
        return "[\n" + "\n".join(f"{pad}{python_literal(item, level + 1)}," for item in value) + f"\n{end}]"
    if value is True or value is False or value is None:
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _curl(operation: Operation, url: str, body, headers: dict[str, str]) -> str:
    lines = [f"curl -X {operation.method} {shlex.quote(url)}"]
    if operation.token_accepted:
        lines.append(f'-H "Authorization: Bearer ${TOKEN_VARIABLE}"')
    lines += [f"-H {shlex.quote(f'{name}: {value}')}" for name, value in headers.items()]
    if body is not None:
        lines.append("-H 'Content-Type: application/json'")
        lines.append(f"-d {shlex.quote(json.dumps(body, ensure_ascii=False))}")
    if not operation.returns_json:
        lines.append("-o image")
    return " \\\n  ".join(lines)


def _python(operation: Operation, url: str, body, headers: dict[str, str]) -> str:
    args = [f"    {json.dumps(url)},"]
    pairs = [f'"Authorization": f"Bearer {{os.environ[\'{TOKEN_VARIABLE}\']}}"'] if operation.token_accepted else []
    pairs += [f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in headers.items()]
    if pairs:
        args.append(f"    headers={{{', '.join(pairs)}}},")
    if body is not None:
        args.append(f"    json={python_literal(body, 1)},")
    args.append("    timeout=30,")
    result = (
        'print(response.status_code, response.headers.get("ETag"))\nprint(response.json())'
        if operation.returns_json
        else 'print(response.status_code, response.headers.get("Content-Type"))\n'
        'open("image", "wb").write(response.content)'
    )
    return "\n".join(
        ["import os", "", "import requests", "", f"response = requests.{operation.method.lower()}(", *args, ")", result]
    )


def _javascript(operation: Operation, url: str, body, extra: dict[str, str]) -> str:
    headers = [f"    Authorization: `Bearer ${{process.env.{TOKEN_VARIABLE}}}`,"] if operation.token_accepted else []
    headers += [f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}," for name, value in extra.items()]
    if body is not None:
        headers.append('    "Content-Type": "application/json",')
    options = [f'  method: "{operation.method}",']
    if headers:
        options += ["  headers: {", *headers, "  },"]
    if body is not None:
        literal = json.dumps(body, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        options.append(f"  body: JSON.stringify({literal}),")
    result = (
        'console.log(response.status, response.headers.get("ETag"));\nconsole.log(await response.json());'
        if operation.returns_json
        else 'console.log(response.status, response.headers.get("Content-Type"));\nconst image = await response.blob();'
    )
    return "\n".join([f"const response = await fetch({json.dumps(url)}, {{", *options, "});", result])


def code_samples(operation: Operation, url: str, body_text: str, headers: dict[str, str] | None = None) -> list[Sample]:
    """The samples for `url` with the JSON body `body_text` ("" for none) and extra request headers."""
    body = json.loads(body_text) if body_text else None
    headers = headers or {}
    return [
        Sample("curl", "curl", _curl(operation, url, body, headers)),
        Sample("python", "Python", _python(operation, url, body, headers)),
        Sample("javascript", "JavaScript", _javascript(operation, url, body, headers)),
    ]
