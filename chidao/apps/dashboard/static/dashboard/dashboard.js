/* The dashboard's behaviour (loaded only by the dashboard; no inline scripts, CSP):
   - a click on a chart's bar opens the task list behind it (links in <script type="application/json">);
   - the one-step directive form, fetched by htmx into the dialog, opens the dialog;
   - "In (A4 ngang)" prints, "Toàn màn hình" asks the browser for full screen (projector mode).
   app.js draws the charts on DOMContentLoaded before this file's listener runs (it is loaded first). */
(function () {
  "use strict";

  function linkCharts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart-links]").forEach(function (box) {
      var source = document.getElementById(box.dataset.chartLinks);
      var element = box.querySelector("[data-chart]");
      if (!source || !element || box.dataset.linked) return;
      var chart = window.echarts.getInstanceByDom(element);
      if (!chart) return;
      var links = JSON.parse(source.textContent);
      chart.on("click", function (params) {
        var series = links[params.seriesIndex] || [];
        var url = series[params.dataIndex];
        if (url) window.location.href = url;
      });
      chart.getZr().setCursorStyle("pointer");
      box.dataset.linked = "1";
    });
  }

  function setupDirectiveDialog() {
    var dialog = document.getElementById("directive-dialog");
    if (!dialog) return;
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target && event.detail.target.id === "directive-dialog-body" && !dialog.open) {
        dialog.showModal();
        var first = dialog.querySelector("input, textarea");
        if (first) first.focus();
      }
    });
  }

  function setupButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-fullscreen]").forEach(function (button) {
      if (!document.documentElement.requestFullscreen) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else {
          document.documentElement.requestFullscreen().catch(function () { /* refused: stay as is */ });
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    linkCharts();
    setupDirectiveDialog();
    setupButtons();
  });
})();
