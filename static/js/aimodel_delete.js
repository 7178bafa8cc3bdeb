// Deleting a model (GitHub style): the Delete button of a form[data-confirm-id] stays disabled
// until the model's ID is typed; on the edit page the Danger zone's "Delete this model…" opens
// the dialog instead of posting. Without JavaScript the form posts and the server checks the ID.
(function () {
  "use strict";

  function gate(form) {
    var id = form.getAttribute("data-confirm-id");
    var input = form.querySelector("[name=confirm]");
    var button = form.querySelector("[data-confirm-button]");
    if (!input || !button) return null;
    function update() { button.disabled = input.value.trim() !== id; }
    input.addEventListener("input", update);
    form.addEventListener("submit", function (event) {
      if (input.value.trim() === id) return;
      event.preventDefault();
      input.focus();
    });
    update();
    return { input: input, update: update };
  }

  function dialog(gated) {
    var opener = document.getElementById("delete-open");
    var modalElement = document.getElementById("confirm-delete");
    if (!opener || !modalElement || !window.bootstrap || !gated) return;
    var modal = new window.bootstrap.Modal(modalElement);
    opener.addEventListener("click", function (event) {
      event.preventDefault();
      modal.show();
    });
    modalElement.addEventListener("shown.bs.modal", function () { gated.input.focus(); });
    modalElement.addEventListener("hidden.bs.modal", function () {
      gated.input.value = "";
      gated.update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var gated = null;
    document.querySelectorAll("form[data-confirm-id]").forEach(function (form) {
      var result = gate(form);
      if (form.id === "aimodel-delete-form") gated = result;
    });
    dialog(gated);
  });
})();
