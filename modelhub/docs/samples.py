"""Code samples (curl, Python requests, JavaScript fetch) and example path values for one operation.

The values come from the signed-in user's own namespace and one of their models where they have
one, else from the parameters' examples in the OpenAPI document.
"""

import json
import pprint
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


def _curl(operation: Operation, url: str, body) -> str:
    lines = [f"curl -X {operation.method} {shlex.quote(url)}"]
    if operation.token_accepted:
        lines.append(f'-H "Authorization: Bearer ${TOKEN_VARIABLE}"')
    if body is not None:
        lines.append("-H 'Content-Type: application/json'")
        lines.append(f"-d {shlex.quote(json.dumps(body, ensure_ascii=False))}")
    if not operation.returns_json:
        lines.append("-o image")
    return " \\\n  ".join(lines)


def _python(operation: Operation, url: str, body) -> str:
    args = [f"    {json.dumps(url)},"]
    if operation.token_accepted:
        args.append(f'    headers={{"Authorization": f"Bearer {{os.environ[\'{TOKEN_VARIABLE}\']}}"}},')
    if body is not None:
        literal = pprint.pformat(body, indent=4, width=100, sort_dicts=False).replace("\n", "\n    ")
        args.append(f"    json={literal},")
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


def _javascript(operation: Operation, url: str, body) -> str:
    headers = [f"    Authorization: `Bearer ${{process.env.{TOKEN_VARIABLE}}}`,"] if operation.token_accepted else []
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


def code_samples(operation: Operation, url: str, body_text: str) -> list[Sample]:
    """The samples for `url` with the JSON body `body_text` ("" for none)."""
    body = json.loads(body_text) if body_text else None
    return [
        Sample("curl", "curl", _curl(operation, url, body)),
        Sample("python", "Python", _python(operation, url, body)),
        Sample("javascript", "JavaScript", _javascript(operation, url, body)),
    ]
