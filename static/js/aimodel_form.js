// The model edit form: show the custom-hardware input only when "Custom…" is chosen,
// and preview a chosen profile image before it is uploaded. Without JavaScript the
// custom-hardware input simply stays visible and the server validates the pair.
(function () {
  "use strict";
  var CUSTOM = "__custom__";

  function toggleCustomHardware() {
    var select = document.getElementById("id_hardware");
    var wrapper = document.getElementById("custom-hardware-wrapper");
    if (!select || !wrapper) return;
    var custom = select.value === CUSTOM;
    wrapper.hidden = !custom;
    var input = wrapper.querySelector("input");
    if (input) {
      input.disabled = !custom;
      if (custom && document.activeElement === select) input.focus();
    }
  }

  function previewImage(event) {
    var file = event.target.files && event.target.files[0];
    var preview = document.getElementById("profile-image-preview");
    if (!preview) return;
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      preview.src = reader.result;
      preview.classList.remove("d-none");
      var none = document.getElementById("profile-image-none");
      if (none) none.hidden = true;
    };
    reader.readAsDataURL(file);
  }

  document.addEventListener("DOMContentLoaded", function () {
    toggleCustomHardware();
    var select = document.getElementById("id_hardware");
    if (select) select.addEventListener("change", toggleCustomHardware);
    var file = document.getElementById("id_profile_image");
    if (file) file.addEventListener("change", previewImage);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "id_hardware") toggleCustomHardware();
    });
  });
})();
