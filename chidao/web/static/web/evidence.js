/* chidao — evidence uploads on the report pages: a photo is resized in the browser before it is sent
   (longest side 1600 px, JPEG quality 0.8), so a phone on a slow line sends ~300 KB instead of ~5 MB.
   Documents (PDF, Word, Excel) go as they are. No inline scripts (CSP). */
(function () {
  "use strict";

  var RESIZABLE = /^image\/(jpeg|png|webp)$/;

  function resized(file, longest, quality) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        URL.revokeObjectURL(url);
        var scale = Math.min(1, longest / Math.max(image.naturalWidth, image.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg" }));
        }, "image/jpeg", quality);
      };
      image.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      image.src = url;
    });
  }

  function setup(input) {
    var longest = parseInt(input.dataset.resizePhoto || "1600", 10);
    var quality = parseFloat(input.dataset.quality || "0.8");
    var status = input.form && input.form.querySelector("[data-evidence-status]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !RESIZABLE.test(file.type) || typeof DataTransfer === "undefined") return;
      input.dataset.resizing = "1";
      resized(file, longest, quality).then(function (smaller) {
        var transfer = new DataTransfer();
        transfer.items.add(smaller);
        input.files = transfer.files;
        delete input.dataset.resizing;
        input.dataset.resized = String(smaller.size);
        if (status) status.textContent = status.dataset.doneText || "";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-resize-photo]").forEach(setup);
  });
})();
