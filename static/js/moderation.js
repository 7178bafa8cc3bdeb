// The moderation page: hiding a model is confirmed in a dialog first. Without JavaScript the
// form posts unconfirmed and the server answers with a confirmation page instead.
(function () {
  "use strict";

  var modalElement = document.getElementById("confirm-hide");
  var form = document.querySelector("form[data-confirm-hide]");
  if (!modalElement || !form || !window.bootstrap) return;
  var modal = new window.bootstrap.Modal(modalElement);
  var confirmed = form.querySelector("[name='hide-confirmed']");
  var reason = form.querySelector("[name='hide-note']");

  modalElement.addEventListener("shown.bs.modal", function () {
    document.getElementById("confirm-hide-cancel").focus();
  });
  form.addEventListener("submit", function (event) {
    if (confirmed.value === "yes") return;
    event.preventDefault();
    var text = reason && reason.value.trim();
    document.getElementById("confirm-hide-reason").textContent = text
      ? "The owner will read your reason: “" + text + "”"
      : "You gave no reason: the owner will only see that moderators hid it.";
    modal.show();
  });
  modalElement.addEventListener("hidden.bs.modal", function () {
    if (confirmed.value !== "yes") form.querySelector("[type=submit]").focus();
  });
  document.getElementById("confirm-hide-button").addEventListener("click", function () {
    confirmed.value = "yes";
    modal.hide();
    form.requestSubmit();
  });
})();
