// The model form, on the edit and new-model pages and in the Django admin's change form:
// show the custom-hardware input only when "Custom…" is chosen (the Region dropdown
// refreshes the Hardware options through htmx), and preview a chosen profile image
// before it is uploaded, or say why it cannot be previewed. Without JavaScript the
// custom-hardware input simply stays visible and the server validates the pair.
(function () {
  "use strict";
  var CUSTOM = "__custom__";
  var IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];

  if (window.htmx) {
    // As base.html's htmx-config: no inline <style> (CSP), no eval, no scripts from responses.
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.allowEval = false;
    window.htmx.config.allowScriptTags = false;
  }

  function customHardwareWrapper(input) {
    // The edit page wraps the input in #custom-hardware-wrapper; the admin in a .form-row.
    return document.getElementById("custom-hardware-wrapper") || (input && input.closest(".form-row"));
  }

  function toggleCustomHardware() {
    var select = document.getElementById("id_hardware");
    var input = document.getElementById("id_custom_hardware");
    var wrapper = customHardwareWrapper(input);
    if (!select || !wrapper) return;
    var custom = select.value === CUSTOM;
    wrapper.hidden = !custom;
    if (input) {
      input.disabled = !custom;
      if (custom && document.activeElement === select) input.focus();
    }
  }

  function showImageError(input, message) {
    var error = document.getElementById("profile-image-error");
    if (error) {
      error.textContent = message;
      error.hidden = !message;
    }
    input.classList.toggle("is-invalid", Boolean(message));
  }

  function previewImage(event) {
    var input = event.target;
    var file = input.files && input.files[0];
    var preview = document.getElementById("profile-image-preview");
    if (!preview) return;
    showImageError(input, "");
    if (!file) return;
    if (IMAGE_TYPES.indexOf(file.type) === -1) {
      showImageError(input, "“" + file.name + "” is not a PNG, JPEG, WebP or GIF image; choose an image file.");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      // Decode it first: a text file named .png must not become a broken picture.
      var probe = new Image();
      probe.onload = function () {
        preview.src = reader.result;
        preview.classList.remove("d-none");
        var none = document.getElementById("profile-image-none");
        if (none) none.hidden = true;
      };
      probe.onerror = function () {
        showImageError(
          input,
          "“" + file.name + "” cannot be opened as an image: it is damaged or not an image; choose another file."
        );
      };
      probe.src = reader.result;
    };
    reader.onerror = function () {
      showImageError(input, "“" + file.name + "” could not be read; choose it again.");
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
