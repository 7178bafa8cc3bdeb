/* The API reference's Try It (/docs/api/{operation}/): sends the real request to this server with
 * the browser session (and its CSRF token) or a pasted API token, shows status, ETag and body, then
 * asks the Recent Requests panel to refresh (htmx listens for "try-it-done" on <body>). The code
 * samples follow what is typed (api_samples.js builds them). */
(function () {
  "use strict";
  var form = document.getElementById("try-it");
  if (!form) { return; }
  var SAFE = ["GET", "HEAD", "OPTIONS"];
  var tokenGroup = document.getElementById("try-token-group");
  var tokenInput = document.getElementById("try-token");
  var result = document.querySelector("[data-testid=try-it-result]");
  var placeholder = document.querySelector("[data-testid=try-it-placeholder]");
  var button = form.querySelector("button[type=submit]");
  var confirmBox = document.getElementById("try-confirm");  // DELETE only: a real deletion needs it ticked
  var confirmTarget = document.querySelector("[data-testid=try-confirm-target]");

  function usesToken() {
    var checked = form.querySelector("input[name=credentials]:checked");
    return checked !== null && checked.value === "token";
  }

  function syncCredentials() {
    tokenGroup.hidden = !usesToken();
    tokenInput.disabled = !usesToken();
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var hidden = form.querySelector("input[name=csrfmiddlewaretoken]");
    return hidden ? hidden.value : "";
  }

  function requestUrl() {
    var path = form.dataset.path;
    form.querySelectorAll("[data-in=path]").forEach(function (input) {
      path = path.replace("{" + input.dataset.name + "}", encodeURIComponent(input.value.trim()));
    });
    var query = new URLSearchParams();
    form.querySelectorAll("[data-in=query]").forEach(function (input) {
      if (input.value.trim() !== "") { query.append(input.dataset.name, input.value.trim()); }
    });
    var search = query.toString();
    return path + (search ? "?" + search : "");
  }

  function show(status, etag, contentType, body) {
    placeholder.hidden = true;
    result.hidden = false;
    result.querySelector("[data-testid=try-it-status]").textContent = status;
    result.querySelector("[data-testid=try-it-etag]").textContent = etag || "—";
    result.querySelector("[data-testid=try-it-content-type]").textContent = contentType || "—";
    result.querySelector("[data-testid=try-it-body]").textContent = body;
  }

  async function bodyText(response, contentType) {
    if (contentType.indexOf("json") !== -1) {
      var text = await response.text();
      try { return JSON.stringify(JSON.parse(text), null, 2); } catch (error) { return text; }
    }
    if (contentType.indexOf("text/") === 0) { return response.text(); }
    var blob = await response.blob();
    return blob.size + " bytes of " + (contentType || "data");
  }

  var urlShown = document.querySelector("[data-testid=try-it-url]");

  function syncUrl() {
    urlShown.textContent = form.dataset.method + " " + requestUrl();
  }

  form.querySelectorAll("[data-in=path], [data-in=query]").forEach(function (input) {
    input.addEventListener("input", syncUrl);
  });

  var sampleOperation = {
    method: form.dataset.method,
    tokenAccepted: form.dataset.tokenAccepted === "true",
    returnsJson: form.dataset.returnsJson === "true",
  };
  var bodyNote = document.getElementById("samples-body-note");

  function typedHeaders() {
    var headers = {};
    form.querySelectorAll("[data-in=header]").forEach(function (input) {
      if (input.value.trim() !== "") { headers[input.dataset.name] = input.value.trim(); }
    });
    return headers;
  }

  // The samples for what is typed now; while the body is not valid JSON they keep the last valid one.
  var lastBody;
  function syncSamples() {
    if (!window.ApiSamples) { return; }
    var bodyInput = document.getElementById("try-body");
    var body;
    if (bodyInput && bodyInput.value.trim() !== "") {
      try {
        body = JSON.parse(bodyInput.value);
        lastBody = body;
        bodyNote.hidden = true;
      } catch (error) {
        body = lastBody;
        bodyNote.hidden = false;
      }
    } else if (bodyNote) {
      bodyNote.hidden = true;
    }
    var built = window.ApiSamples.build(sampleOperation, window.location.origin + requestUrl(), body, typedHeaders());
    document.querySelectorAll("[data-sample]").forEach(function (code) {
      if (code.textContent !== built[code.dataset.sample]) { code.textContent = built[code.dataset.sample]; }
    });
  }

  form.querySelectorAll("[data-in], #try-body").forEach(function (input) {
    input.addEventListener("input", syncSamples);
  });

  function syncConfirmation() {
    if (!confirmTarget) { return; }
    var parts = [];
    form.querySelectorAll("[data-in=path]").forEach(function (input) { parts.push(input.value.trim()); });
    confirmTarget.textContent = parts.join("/");
    confirmBox.checked = false;  // another model: confirm again
  }

  if (confirmBox) {
    form.querySelectorAll("[data-in=path]").forEach(function (input) {
      input.addEventListener("input", syncConfirmation);
    });
    confirmBox.addEventListener("change", function () {
      if (confirmBox.checked) { confirmBox.classList.remove("is-invalid"); }
    });
  }

  // "Or choose an example": open that answer's example under Responses (the link scrolls to it).
  document.querySelectorAll("[data-example]").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById("example-" + link.dataset.example);
      if (target && target.parentElement.tagName === "DETAILS") { target.parentElement.open = true; }
    });
  });

  form.querySelectorAll("input[name=credentials]").forEach(function (radio) {
    radio.addEventListener("change", syncCredentials);
  });
  syncCredentials();
  syncUrl();
  syncSamples();

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (confirmBox && !confirmBox.checked) {
      confirmBox.classList.add("is-invalid");
      confirmBox.focus();
      return;
    }
    var method = form.dataset.method;
    var headers = { Accept: "application/json" };
    var init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
    Object.assign(headers, typedHeaders());
    if (usesToken()) {
      headers.Authorization = "Bearer " + tokenInput.value.trim();
      init.credentials = "omit";
    } else if (SAFE.indexOf(method) === -1) {
      headers["X-CSRFToken"] = csrfToken();
    }
    var bodyInput = document.getElementById("try-body");
    if (bodyInput) {
      headers["Content-Type"] = "application/json";
      init.body = bodyInput.value;
    }
    button.disabled = true;
    try {
      var response = await fetch(requestUrl(), init);
      var contentType = response.headers.get("Content-Type") || "";
      var status = response.status + (response.statusText ? " " + response.statusText : "");
      show(status, response.headers.get("ETag"), contentType, await bodyText(response, contentType));
    } catch (error) {
      show("No answer", "", "", "The request could not be sent: " + error.message);
    } finally {
      if (confirmBox) { confirmBox.checked = false; }  // each deletion is confirmed on its own
      button.disabled = false;
      document.body.dispatchEvent(new CustomEvent("try-it-done"));
    }
  });
})();
