/* The API reference's code samples (curl, Python requests, JavaScript fetch), built in the browser
 * from what is typed in Try It. The same text as modelhub/docs/samples.py renders on the server:
 * a change to a sample's layout there is made here too. No network call. */
(function () {
  "use strict";
  var TOKEN_VARIABLE = "MODELHUB_TOKEN";

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // Python's json.dumps(value, ensure_ascii=False): ", " between items and ": " after keys.
  function pythonJson(value) {
    if (Array.isArray(value)) { return "[" + value.map(pythonJson).join(", ") + "]"; }
    if (isObject(value)) {
      return "{" + Object.keys(value).map(function (key) {
        return JSON.stringify(key) + ": " + pythonJson(value[key]);
      }).join(", ") + "}";
    }
    return JSON.stringify(value);
  }

  // Python's shlex.quote.
  function shellQuote(text) {
    if (text === "") { return "''"; }
    if (!/[^\w@%+=:,./-]/.test(text)) { return text; }
    return "'" + text.replace(/'/g, "'\"'\"'") + "'";
  }

  function pythonLiteral(value, level) {
    var pad = "    ".repeat(level + 1);
    var end = "    ".repeat(level);
    if (isObject(value) && Object.keys(value).length) {
      return "{\n" + Object.keys(value).map(function (key) {
        return pad + JSON.stringify(key) + ": " + pythonLiteral(value[key], level + 1) + ",";
      }).join("\n") + "\n" + end + "}";
    }
    if (Array.isArray(value) && value.length) {
      return "[\n" + value.map(function (item) {
        return pad + pythonLiteral(item, level + 1) + ",";
      }).join("\n") + "\n" + end + "]";
    }
    if (value === true) { return "True"; }
    if (value === false) { return "False"; }
    if (value === null) { return "None"; }
    return JSON.stringify(value);
  }

  function headerPairs(headers) {
    return Object.keys(headers).map(function (name) { return [name, headers[name]]; });
  }

  function curl(op, url, body, headers) {
    var lines = ["curl -X " + op.method + " " + shellQuote(url)];
    if (op.tokenAccepted) { lines.push('-H "Authorization: Bearer $' + TOKEN_VARIABLE + '"'); }
    headerPairs(headers).forEach(function (pair) { lines.push("-H " + shellQuote(pair[0] + ": " + pair[1])); });
    if (body !== undefined) {
      lines.push("-H 'Content-Type: application/json'");
      lines.push("-d " + shellQuote(pythonJson(body)));
    }
    if (!op.returnsJson) { lines.push("-o image"); }
    return lines.join(" \\\n  ");
  }

  function python(op, url, body, headers) {
    var args = ["    " + JSON.stringify(url) + ","];
    var pairs = op.tokenAccepted ? ['"Authorization": f"Bearer {os.environ[\'' + TOKEN_VARIABLE + '\']}"'] : [];
    headerPairs(headers).forEach(function (pair) { pairs.push(JSON.stringify(pair[0]) + ": " + JSON.stringify(pair[1])); });
    if (pairs.length) { args.push("    headers={" + pairs.join(", ") + "},"); }
    if (body !== undefined) { args.push("    json=" + pythonLiteral(body, 1) + ","); }
    args.push("    timeout=30,");
    var result = op.returnsJson
      ? 'print(response.status_code, response.headers.get("ETag"))\nprint(response.json())'
      : 'print(response.status_code, response.headers.get("Content-Type"))\nopen("image", "wb").write(response.content)';
    return ["import os", "", "import requests", "", "response = requests." + op.method.toLowerCase() + "("]
      .concat(args, [")", result]).join("\n");
  }

  function javascript(op, url, body, extra) {
    var headers = op.tokenAccepted ? ["    Authorization: `Bearer ${process.env." + TOKEN_VARIABLE + "}`,"] : [];
    headerPairs(extra).forEach(function (pair) {
      headers.push("    " + JSON.stringify(pair[0]) + ": " + JSON.stringify(pair[1]) + ",");
    });
    if (body !== undefined) { headers.push('    "Content-Type": "application/json",'); }
    var options = ['  method: "' + op.method + '",'];
    if (headers.length) { options = options.concat(["  headers: {"], headers, ["  },"]); }
    if (body !== undefined) {
      options.push("  body: JSON.stringify(" + JSON.stringify(body, null, 2).replace(/\n/g, "\n  ") + "),");
    }
    var result = op.returnsJson
      ? 'console.log(response.status, response.headers.get("ETag"));\nconsole.log(await response.json());'
      : 'console.log(response.status, response.headers.get("Content-Type"));\nconst image = await response.blob();';
    return ["const response = await fetch(" + JSON.stringify(url) + ", {"].concat(options, ["});", result]).join("\n");
  }

  /* op: {method, tokenAccepted, returnsJson}; body: a parsed JSON value, or undefined for none;
   * headers: {name: value} of the extra request headers typed in. */
  window.ApiSamples = {
    build: function (op, url, body, headers) {
      return { curl: curl(op, url, body, headers), python: python(op, url, body, headers), javascript: javascript(op, url, body, headers) };
    },
  };
})();
