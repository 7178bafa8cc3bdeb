// Tags as chips over the tags text input (the edit and new-model pages). Enter or a comma adds
// what was typed, Backspace in the empty input removes the last chip, each chip has a remove
// button named for its tag. The original input stays in the form, hidden, and always holds the
// tags as "a, b, c": without JavaScript it is simply the comma-separated input.
(function () {
  "use strict";
  var SPLIT = /[\s,]+/;

  function enhance(original) {
    var tags = [];
    var editor = document.createElement("div");
    editor.className = "form-control tag-editor" + (original.classList.contains("is-invalid") ? " is-invalid" : "");
    editor.setAttribute("data-testid", "tag-editor");
    var list = document.createElement("ul");
    list.className = "tag-chips";
    list.setAttribute("aria-label", "Tags");
    var entry = document.createElement("input");
    entry.type = "text";
    entry.id = original.id + "_entry";
    entry.autocomplete = "off";
    entry.setAttribute("enterkeyhint", "enter");
    entry.placeholder = "Add a tag";
    var described = original.getAttribute("aria-describedby");
    var hint = document.createElement("span");
    hint.id = original.id + "_keys";
    hint.className = "visually-hidden";
    hint.textContent = "Enter or comma adds a tag; Backspace in the empty box removes the last one.";
    entry.setAttribute("aria-describedby", (described ? described + " " : "") + hint.id);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    function sync() {
      var pending = entry.value.trim();
      original.value = tags.concat(pending ? [pending] : []).join(", ");
      original.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function draw() {
      list.textContent = "";
      tags.forEach(function (tag, index) {
        var item = document.createElement("li");
        item.className = "tag-chip";
        var text = document.createElement("span");
        text.textContent = tag;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-chip-remove";
        remove.setAttribute("aria-label", "Remove tag " + tag);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          tags.splice(index, 1);
          draw();
          sync();
          status.textContent = "Removed tag " + tag + ".";
          entry.focus();
        });
        item.appendChild(text);
        item.appendChild(remove);
        list.appendChild(item);
      });
      list.hidden = !tags.length;
    }

    function add(text) {
      var added = [];
      text.split(SPLIT).forEach(function (raw) {
        var tag = raw.trim().toLowerCase();
        if (tag && tags.indexOf(tag) === -1) {
          tags.push(tag);
          added.push(tag);
        }
      });
      entry.value = "";
      draw();
      sync();
      if (added.length) status.textContent = "Added tag" + (added.length > 1 ? "s " : " ") + added.join(", ") + ".";
    }

    entry.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();  // Enter adds a tag; it does not submit the form
        if (entry.value.trim()) add(entry.value);
      } else if (event.key === "Backspace" && entry.value === "" && tags.length) {
        event.preventDefault();
        var last = tags.pop();
        draw();
        sync();
        status.textContent = "Removed tag " + last + ".";
      }
    });
    entry.addEventListener("input", function () {
      if (SPLIT.test(entry.value)) add(entry.value);  // a space or a pasted list
      else sync();
    });
    entry.addEventListener("blur", function () { if (entry.value.trim()) add(entry.value); });
    editor.addEventListener("click", function (event) { if (event.target === editor) entry.focus(); });

    original.value.split(SPLIT).forEach(function (raw) {
      var tag = raw.trim();
      if (tag && tags.indexOf(tag) === -1) tags.push(tag);
    });
    var label = document.querySelector("label[for='" + original.id + "']");
    if (label) label.setAttribute("for", entry.id);
    original.hidden = true;
    original.setAttribute("aria-hidden", "true");
    original.tabIndex = -1;
    editor.appendChild(list);
    editor.appendChild(entry);
    editor.appendChild(hint);
    editor.appendChild(status);
    original.insertAdjacentElement("afterend", editor);
    draw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-tag-chips]").forEach(enhance);
  });
})();
