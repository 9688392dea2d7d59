/* chidao — evidence uploads on the report pages: a photo is resized in the browser before it is sent
   (longest side 1600 px, JPEG quality 0.8), so a phone on a slow line sends ~300 KB instead of ~5 MB.
   Documents (PDF, Word, Excel) go as they are. No inline scripts (CSP). */
(function () {
  "use strict";

  var RESIZABLE = /^image\/(jpeg|png|webp)$/;

  // createImageBitmap reads the file without a blob: URL, which the CSP's img-src does not allow.
  function decoded(file) {
    if (typeof createImageBitmap === "function") return createImageBitmap(file);
    return Promise.reject(new Error("createImageBitmap unavailable"));
  }

  function resized(file, longest, quality) {
    return decoded(file).then(function (image) {
      var scale = Math.min(1, longest / Math.max(image.width, image.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(image.width * scale));
      canvas.height = Math.max(1, Math.round(image.height * scale));
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg" }));
        }, "image/jpeg", quality);
      });
    }).catch(function () { return file; });
  }

  function setup(input) {
    var longest = parseInt(input.dataset.resizePhoto || "1600", 10);
    var quality = parseFloat(input.dataset.quality || "0.8");
    // Sending is held back while a photo is being resized, so the full-size photo is never sent by mistake.
    var submit = input.form && input.form.querySelector("button[type=submit]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !RESIZABLE.test(file.type) || typeof DataTransfer === "undefined") return;
      input.dataset.resizing = "1";
      if (submit) submit.disabled = true;
      resized(file, longest, quality).then(function (smaller) {
        var transfer = new DataTransfer();
        transfer.items.add(smaller);
        input.files = transfer.files;
        delete input.dataset.resizing;
        input.dataset.resized = String(smaller.size);
        if (submit) submit.disabled = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-resize-photo]").forEach(setup);
  });
})();
