// The model settings page (edit and create): the error summary takes focus, a warning before
// leaving with unsaved changes in any section, confirmation of Danger-zone changes (visibility, rename, transfer), the
// Hardware refresh announced to screen readers, and the profile-image drop zone.
// Everything here is an enhancement: without JavaScript the form posts and the server decides.
(function () {
  "use strict";

  function errorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    // A failed section save returns to #section-…: scrolling to that fragment after the load
    // moves the focus to the page; give it back to the summary, which sits in that section.
    window.addEventListener("load", function () {
      setTimeout(function () {
        if (document.activeElement === document.body) summary.focus();
      }, 0);
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-focus]");
      if (!link) return;
      var id = link.getAttribute("data-focus");
      var field = document.getElementById(id);
      if (field && field.offsetParent === null) {
        // An input of a view not shown (e.g. the configuration's JSON behind its fields): the
        // first visible input of its editor instead.
        var editor = document.getElementById(id + "-editor");
        var inputs = editor ? editor.querySelectorAll("input:not([type=hidden]), textarea, select") : [];
        field = Array.prototype.find.call(inputs, function (input) { return input.offsetParent !== null; }) || field;
      }
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  function unsavedWarning(forms) {
    // Each form (a section of the edit page, or the whole new-model form) knows whether it
    // holds unsaved changes; leaving the page, even by saving another section, warns about them.
    var dirty = [];
    var submitting = null;
    function markDirty(form) {
      if (dirty.indexOf(form) !== -1) return;
      dirty.push(form);
      var indicator = form.querySelector("[data-unsaved-indicator]") || document.getElementById("unsaved-indicator");
      if (indicator) indicator.textContent = "You have unsaved changes.";
    }
    forms.forEach(function (form) {
      form.addEventListener("input", function () { markDirty(form); });
      form.addEventListener("change", function () { markDirty(form); });
    });
    document.addEventListener("submit", function (event) { if (!event.defaultPrevented) submitting = event.target; });
    window.addEventListener("beforeunload", function (event) {
      // Deleting or transferring leaves on purpose; saving one section does not save the others.
      if (submitting && forms.indexOf(submitting) === -1) return;
      var unsaved = dirty.filter(function (form) { return form !== submitting; });
      if (!unsaved.length) return;
      event.preventDefault();
      event.returnValue = "";  // older browsers need a value to show the prompt
    });
    // A form shown again after a failed save still holds the unsaved values.
    if (document.getElementById("error-summary")) {
      var failed = document.querySelector("[aria-invalid=true], .is-invalid");
      var form = failed && failed.closest("form");
      if (form && forms.indexOf(form) !== -1) markDirty(form);
      else if (forms.length === 1) markDirty(forms[0]);
    }
  }

  function dangerChanges(form) {
    var changes = [];
    if (form.id === "aimodel-transfer-form") {
      var target = document.getElementById("id_transfer_namespace");
      var newId = document.getElementById("id_transfer_new_model_id");
      if (!target) return changes;
      var id = (newId && newId.value.trim()) || form.getAttribute("data-current-id");
      changes.push("Transfer " + form.getAttribute("data-current-handle") + " to " + target.value + "/" + id +
        ": it moves with its history; its old address leads to it until another model takes that ID.");
      return changes;
    }
    var idInput = form.querySelector("[name=model_id]");
    var visibility = form.querySelector("[name=visibility]");
    var currentId = form.getAttribute("data-current-id");
    var currentVisibility = form.getAttribute("data-current-visibility");
    if (visibility && currentVisibility && visibility.value !== currentVisibility) {
      var label = visibility.options[visibility.selectedIndex].text;
      changes.push("Change the visibility to " + label + (label === "Public" ?
        ": everyone will be able to see this model." : ": only the namespace's members will see it."));
    }
    if (idInput && currentId && idInput.value.trim() !== currentId) {
      changes.push("Rename " + currentId + " to " + idInput.value.trim() +
        ": the model's address and API name change; the old ID redirects until another model takes it.");
    }
    return changes;
  }

  function confirmDangerZone(forms) {
    var modalElement = document.getElementById("confirm-danger");
    if (!modalElement || !window.bootstrap) return;
    var modal = new window.bootstrap.Modal(modalElement);
    var pending = null;
    var confirmed = null;
    // The safe choice has the focus: Enter or Escape goes back to the form.
    modalElement.addEventListener("shown.bs.modal", function () {
      document.getElementById("confirm-danger-cancel").focus();
    });
    forms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (confirmed === form) return;
        var changes = dangerChanges(form);
        if (!changes.length) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        pending = form;
        document.getElementById("confirm-danger-button").textContent =
          form.id === "aimodel-transfer-form" ? "Yes, transfer" : "Yes, change and save";
        var list = document.getElementById("confirm-danger-list");
        list.textContent = "";
        changes.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        modal.show();
      }, true);
    });
    document.getElementById("confirm-danger-button").addEventListener("click", function () {
      if (!pending) return;
      confirmed = pending;
      modal.hide();
      if (pending.id === "aimodel-transfer-form") {
        // Confirmed here: the server moves the model at once instead of asking on its own page.
        var confirm = document.createElement("input");
        confirm.type = "hidden";
        confirm.name = "confirm";
        confirm.value = "on";
        pending.appendChild(confirm);
        pending.requestSubmit();
        return;
      }
      pending.requestSubmit(pending.querySelector("[type=submit]"));
    });
  }

  function announceHardware() {
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (!target || target.id !== "id_hardware") return;
      var status = document.getElementById("hardware-status");
      var region = document.getElementById("id_region");
      if (!status || !region) return;
      var regionTitle = region.options[region.selectedIndex].text;
      var count = target.options.length;
      var note = document.getElementById("hardware-note");
      status.textContent = "Hardware options updated for " + regionTitle + ": " + count + " choice" +
        (count === 1 ? "" : "s") + ", " + target.options[target.selectedIndex].text + " selected." +
        (note && !note.hidden && note.textContent ? " " + note.textContent : "");
    });
  }

  function dropZone() {
    var zone = document.getElementById("profile-image-drop-zone");
    var input = document.getElementById("id_profile_image");
    if (!zone || !input) return;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved-warning]"));
    if (!forms.length) return;
    errorSummary();
    unsavedWarning(forms);
    var danger = forms.filter(function (form) { return form.hasAttribute("data-danger-form"); });
    var transfer = document.getElementById("aimodel-transfer-form");
    if (transfer && document.getElementById("id_transfer_namespace")) danger.push(transfer);
    confirmDangerZone(danger);
    announceHardware();
    dropZone();
  });
})();
