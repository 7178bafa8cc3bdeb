// The Configuration editor (templates/modelhub/_configuration_fields.html) without page loads:
// choosing another Model definition, or "Edit as JSON" / "Edit as form", posts the form as
// filled so far to /configuration-fields/ with the button's action and swaps the editor for
// the answer (the server reads both views and renders them again; what was entered for other
// definitions travels in the editor, so choosing one again brings it back). What the editor
// did is announced. Lists get Add / Remove buttons. Without JavaScript the same buttons
// submit the form and the server shows it again, saving nothing.
(function () {
  "use strict";

  function formData(form, extra) {
    var data = new FormData(form);
    var files = [];
    data.forEach(function (value, key) {
      if (typeof File !== "undefined" && value instanceof File) files.push(key);
    });
    files.forEach(function (key) { data.delete(key); });
    if (extra) data.append(extra.name, extra.value);
    return data;
  }

  function refresh(editor, extra, focusView) {
    var form = editor.closest("form");
    if (!form || editor.getAttribute("aria-busy") === "true") return;
    editor.setAttribute("aria-busy", "true");
    fetch(editor.dataset.url, {
      method: "POST",
      body: formData(form, extra),
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var fresh = template.content.querySelector("[data-configuration-editor]");
        if (!fresh) throw new Error("no editor in the answer");
        editor.replaceWith(fresh);
        enhance(fresh);
        var view = fresh.querySelector("[data-configuration-view]:not([hidden])");
        var first = focusView && view && view.querySelector("input:not([type=hidden]), select, textarea");
        if (first) first.focus();
        announce(fresh);
        fresh.dispatchEvent(new CustomEvent("configuration:swapped", { bubbles: true }));
      })
      .catch(function () {
        editor.removeAttribute("aria-busy");
        var load = editor.querySelector("[data-configuration-load]");
        if (load) load.hidden = false; // fall back to the plain submit
      });
  }

  function addItem(list) {
    var items = list.querySelector("[data-list-items]");
    var last = items.lastElementChild;
    var copy = last.cloneNode(true);
    var input = copy.querySelector("input");
    input.value = "";
    input.removeAttribute("id");
    items.appendChild(copy);
    copy.querySelector("[data-list-remove]").hidden = false;
    input.focus();
  }

  function removeItem(item) {
    var items = item.parentElement;
    var list = item.closest("[data-configuration-list]");
    if (items.children.length > 1) {
      item.remove();
    } else {
      item.querySelector("input").value = "";
    }
    var add = list && list.querySelector("[data-list-add]");
    if (add) add.focus();
  }

  // A live region outside the editor (which is replaced): the notice of each swap is read out.
  function statusFor(editor) {
    var id = editor.id + "-status";
    var status = document.getElementById(id);
    if (!status) {
      status = document.createElement("p");
      status.id = id;
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      editor.insertAdjacentElement("afterend", status); // after: a fieldset's legend floats beside what follows it
    }
    return status;
  }

  function announce(editor) {
    var notice = editor.querySelector("[data-configuration-notice]");
    statusFor(editor).textContent = notice ? notice.textContent : "";
  }

  function enhance(editor) {
    statusFor(editor);
    editor.querySelectorAll("[data-configuration-load]").forEach(function (button) { button.hidden = true; });
    editor.querySelectorAll("[data-list-add], [data-list-remove]").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var editor = target.closest && target.closest("[data-configuration-editor]");
    if (!editor) return;
    var switcher = target.closest("[data-configuration-switch]");
    if (switcher) {
      event.preventDefault();
      refresh(editor, { name: switcher.name, value: switcher.value }, true);
    } else if (target.closest("[data-list-add]")) {
      addItem(target.closest("[data-configuration-list]"));
    } else if (target.closest("[data-list-remove]")) {
      removeItem(target.closest("[data-list-item]"));
    }
  });

  document.addEventListener("change", function (event) {
    var id = event.target && event.target.id;
    if (!id) return;
    document.querySelectorAll("[data-configuration-editor]").forEach(function (editor) {
      if (editor.dataset.definitionInput === id) {
        refresh(editor, { name: editor.dataset.name + "#action", value: "load" }, false);
      }
    });
  });

  function start() {
    document.querySelectorAll("[data-configuration-editor]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
