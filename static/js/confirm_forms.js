// Forms marked data-confirm ask in a dialog before they post (remove a member, leave, withdraw an
// invitation). Without JavaScript they post at once; the server still applies every rule.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var modalElement = document.getElementById("confirm-action");
    if (!modalElement || !window.bootstrap) return;
    var modal = new window.bootstrap.Modal(modalElement);
    var pending = null;
    var confirmed = null;
    modalElement.addEventListener("shown.bs.modal", function () {
      document.getElementById("confirm-action-cancel").focus();
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form === confirmed) return;
        event.preventDefault();
        pending = form;
        document.getElementById("confirm-action-text").textContent = form.getAttribute("data-confirm");
        modal.show();
      });
    });
    document.getElementById("confirm-action-button").addEventListener("click", function () {
      confirmed = pending;
      modal.hide();
      if (confirmed) confirmed.requestSubmit();
    });
  });
})();
