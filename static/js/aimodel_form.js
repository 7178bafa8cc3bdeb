// The model form, on the edit and new-model pages and in the Django admin's change form:
// show the custom-hardware input only when "Custom…" is chosen (the Region dropdown
// refreshes the Hardware options through htmx), remember the hardware chosen in each region
// during the visit (back in a region, its hardware is chosen again, and a choice the new
// region does not offer is named under Hardware), and preview a chosen profile image
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

  // Region -> {value, title, custom}: the hardware chosen there during this visit.
  var hardwareMemory = {};
  var hardwareRequest = null; // what the pending refresh asked for, and from which region

  function optionTitle(select, value) {
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    return option ? option.text : value;
  }

  function hardwareNote(select) {
    var note = document.getElementById("hardware-note");
    if (!note && select) {
      // The admin has no place for it in its template: right after the dropdown.
      note = document.createElement("p");
      note.id = "hardware-note";
      note.className = "form-text help";
      select.insertAdjacentElement("afterend", note);
    }
    return note;
  }

  function rememberHardware(event) {
    var region = event.detail && event.detail.elt;
    var select = document.getElementById("id_hardware");
    if (!region || region.id !== "id_region" || !select) return;
    var custom = document.getElementById("id_custom_hardware");
    var from = region.getAttribute("data-current-region") || "";
    var chosen = {
      value: select.value,
      title: select.value === CUSTOM && custom && custom.value ? "“" + custom.value + "”" : optionTitle(select, select.value),
      custom: custom ? custom.value : ""
    };
    if (from) hardwareMemory[from] = chosen;
    var wanted = hardwareMemory[region.value] || chosen;
    event.detail.parameters.hardware = wanted.value; // the endpoint keeps it selected if the region offers it
    hardwareRequest = {
      wanted: wanted,
      back: wanted === chosen && from ? optionTitle(region, from) : ""
    };
    region.setAttribute("data-current-region", region.value);
  }

  function restoreHardware() {
    var select = document.getElementById("id_hardware");
    var region = document.getElementById("id_region");
    var note = hardwareNote(select);
    var request = hardwareRequest;
    hardwareRequest = null;
    if (!select || !region || !request) return;
    var custom = document.getElementById("id_custom_hardware");
    if (select.value === CUSTOM && custom && request.wanted.value === CUSTOM) custom.value = request.wanted.custom;
    var text = "";
    if (request.wanted.value && select.value !== request.wanted.value) {
      text = request.wanted.title + " is not offered in " + region.options[region.selectedIndex].text + "; " +
        optionTitle(select, select.value) + " is selected instead." +
        (request.back ? " Choose " + request.back + " again to get it back." : "");
    }
    if (note) {
      note.textContent = text;
      note.hidden = !text;
    }
    var described = (select.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== "hardware-note";
    });
    if (text) described.push("hardware-note");
    if (described.length) select.setAttribute("aria-describedby", described.join(" "));
    else select.removeAttribute("aria-describedby");
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
    var region = document.getElementById("id_region");
    if (region) region.setAttribute("data-current-region", region.value);
    document.body.addEventListener("htmx:configRequest", rememberHardware);
    var select = document.getElementById("id_hardware");
    if (select) select.addEventListener("change", toggleCustomHardware);
    var file = document.getElementById("id_profile_image");
    if (file) file.addEventListener("change", previewImage);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail && event.detail.target && event.detail.target.id === "id_hardware") {
        restoreHardware();
        toggleCustomHardware();
      }
    });
  });
})();
