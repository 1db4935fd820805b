/*
 * Changelists that fit the screen (#16): every text cell of the results table gets an inner
 * box that admin.css cuts to two lines, and the cell's title carries the whole text, so a long
 * Lao or Khmer title costs two lines of the list and is still readable on hover (and by screen
 * readers, which read the full text that stays in the cell). Cells with form controls
 * (list_editable) are left alone.
 */
(function () {
  "use strict";

  function fit() {
    var table = document.getElementById("result_list");
    if (!table) {
      return;
    }
    table.querySelectorAll("tbody td, tbody th").forEach(function (cell) {
      if (cell.classList.contains("action-checkbox") || cell.querySelector("input, select, textarea")) {
        return;
      }
      if (cell.firstElementChild && cell.firstElementChild.classList.contains("accsm-cell")) {
        return;
      }
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      if (!text) {
        return;
      }
      var box = document.createElement("div");
      box.className = "accsm-cell";
      while (cell.firstChild) {
        box.appendChild(cell.firstChild);
      }
      cell.appendChild(box);
      if (!cell.title) {
        cell.title = text;
      }
    });
    table.classList.add("accsm-fitted");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fit);
  } else {
    fit();
  }
})();
