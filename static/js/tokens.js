// The API tokens page: copy a new token to the clipboard, and confirm before revoking one.
// Without JavaScript the token can still be selected (user-select: all) and Revoke posts at once.
(function () {
  "use strict";

  function copyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () {
        var id = button.getAttribute("data-copy-target");
        var source = document.getElementById(id);
        var status = document.querySelector('[data-copy-status="' + id + '"]');
        var text = source ? source.textContent.trim() : "";
        function said(message) { if (status) status.textContent = message; }
        if (!navigator.clipboard) {
          said("Copying is not available here: select the token and copy it.");
          return;
        }
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
          said("The token was copied to the clipboard.");
        }, function () {
          said("Copying failed: select the token and copy it.");
        });
      });
    });
  }

  function confirmRevoke() {
    var modalElement = document.getElementById("confirm-revoke");
    if (!modalElement || !window.bootstrap) return;
    var modal = new window.bootstrap.Modal(modalElement);
    var pending = null;
    modalElement.addEventListener("shown.bs.modal", function () {
      document.getElementById("confirm-revoke-cancel").focus();
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form === pending) return;
        event.preventDefault();
        pending = null;
        document.getElementById("confirm-revoke-text").textContent = form.getAttribute("data-confirm");
        modalElement.dataset.form = Array.prototype.indexOf.call(document.forms, form);
        modal.show();
      });
    });
    document.getElementById("confirm-revoke-button").addEventListener("click", function () {
      pending = document.forms[Number(modalElement.dataset.form)];
      modal.hide();
      if (pending) pending.requestSubmit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    copyButtons();
    confirmRevoke();
  });
})();
