/* chidao — the task list's bulk selection: a "select every task on this page" box in the table header.
   Without JavaScript the box stays hidden (its `hidden` attribute); ticking rows one by one and "all tasks matching the filter" still
   work. Delegated events, so rows swapped in by htmx (filters, pages) are covered too. No inline scripts (CSP). */
(function () {
  "use strict";

  function rowBoxes() {
    return document.querySelectorAll('input[type=checkbox][name=task][form="bulk-form"]');
  }

  function reveal() {
    var all = document.getElementById("bulk-select-page");
    if (!all) return;
    all.hidden = false;
    var boxes = rowBoxes();
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) ticked += 1; });
    all.checked = boxes.length > 0 && ticked === boxes.length;
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "bulk-select-page") {
      rowBoxes().forEach(function (box) { box.checked = target.checked; });
    } else if (target.name === "task" && target.getAttribute("form") === "bulk-form") {
      reveal();
    }
  });
  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:afterSwap", reveal);
})();
