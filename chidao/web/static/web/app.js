/* chidao — the only first-party script: session-expiry warning and chart drawing. No inline scripts (CSP). */
(function () {
  "use strict";

  // Session warning: shown `warning` seconds before the idle timeout; "continue" pings the keep-alive URL.
  function setupSessionWarning() {
    var body = document.body;
    var idle = parseInt(body.dataset.sessionIdle || "0", 10);
    var warning = parseInt(body.dataset.sessionWarning || "120", 10);
    if (!idle) return;
    var dialog = document.getElementById("session-warning");
    var countdown = dialog ? dialog.querySelector(".countdown") : null;
    var deadline = Date.now() + idle * 1000;
    var tick = null;
    function reset() { deadline = Date.now() + idle * 1000; if (dialog && dialog.open) dialog.close(); }
    function check() {
      var left = Math.round((deadline - Date.now()) / 1000);
      if (left <= 0) { window.location.href = body.dataset.logoutUrl ? "/accounts/login/?expired=1" : "/"; return; }
      if (left <= warning && dialog && !dialog.open) { dialog.showModal(); }
      if (dialog && dialog.open && countdown) {
        var m = Math.floor(left / 60), s = left % 60;
        countdown.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      }
    }
    tick = window.setInterval(check, 1000);
    document.body.addEventListener("htmx:afterRequest", reset);
    if (dialog) {
      dialog.querySelector("[data-action=keepalive]").addEventListener("click", function () {
        var token = document.querySelector("meta[name=csrf-token]");
        fetch(body.dataset.keepaliveUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "X-CSRFToken": (JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "") }
        }).then(function (r) { if (r.ok) reset(); else window.location.reload(); });
      });
    }
  }

  // Charts are data: <div class="chart" data-chart="id-of-json-script"></div> + {{ spec|json_script:"id" }}.
  function drawCharts(root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option);
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupSessionWarning();
    drawCharts(document);
  });
  document.addEventListener("htmx:afterSwap", function (e) { drawCharts(e.target); });
})();
