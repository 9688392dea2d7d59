/* chidao — the only first-party script: session-expiry warning and chart drawing. No inline scripts (CSP). */
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // Session warning: shown `warning` seconds before the idle timeout; "continue" posts to the keep-alive URL.
  // At the deadline the browser goes to the login page with ?next=: the server decides whether the session
  // is still alive (another tab may have kept it), so no tab logs the others out on its own.
  function setupSessionWarning() {
    var body = document.body;
    var idle = parseInt(body.dataset.sessionIdle || "0", 10);
    var warning = parseInt(body.dataset.sessionWarning || "120", 10);
    var dialog = document.getElementById("session-warning");
    if (!idle || !dialog) return;
    var countdown = dialog.querySelector(".countdown");
    var deadline = Date.now() + idle * 1000;

    function reset() {
      deadline = Date.now() + idle * 1000;
      if (dialog.open) dialog.close();
    }
    function expire() {
      var here = window.location.pathname + window.location.search;
      window.location.href = body.dataset.loginUrl + "?next=" + encodeURIComponent(here);
    }
    function check() {
      var left = Math.round((deadline - Date.now()) / 1000);
      if (left <= 0) { expire(); return; }
      if (left <= warning && !dialog.open) dialog.showModal();
      if (dialog.open && countdown) {
        var minutes = Math.floor(left / 60), seconds = left % 60;
        countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      }
    }
    window.setInterval(check, 1000);
    body.addEventListener("htmx:afterRequest", reset);
    dialog.querySelector("[data-action=keepalive]").addEventListener("click", function () {
      // redirect: "manual": an expired session answers with a redirect to the login page, which must not
      // count as success once fetch has followed it.
      fetch(body.dataset.keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { expire(); return; }
        return response.json().then(function (data) {
          if (data && data.idle_seconds) idle = parseInt(data.idle_seconds, 10);
          reset();
        });
      }).catch(expire);
    });
  }

  // Charts are data: {% chart spec "id" %} writes <script type="application/json" id="id-data"> and
  // <div class="chart" data-chart="id-data">; ECharts is on the page only when it fills {% block scripts %}.
  function drawCharts(root) {
    var elements = (root || document).querySelectorAll("[data-chart]");
    if (!elements.length) return;
    if (!window.echarts) {
      window.console.warn("chidao: biểu đồ cần {% chart_scripts %} trong {% block scripts %}");
      return;
    }
    elements.forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
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
