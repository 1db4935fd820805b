/* The status page of a big spreadsheet import (admin/accsm/import_job.html): while the job runs,
   ask its progress every second and move the bar; when its status changes, reload the page,
   which then shows the preview or the result rendered by the server. No inline script: the
   progress URL and the state come in data- attributes. */
(function () {
  "use strict";

  function start() {
    var box = document.querySelector("[data-import-progress-url]");
    if (!box || box.getAttribute("data-import-running") !== "true") {
      return;
    }
    var url = box.getAttribute("data-import-progress-url");
    var status = box.getAttribute("data-import-status");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-import-progress-text]");
    var statusLabel = box.querySelector("[data-import-status-label]");

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          bar.max = Math.max(data.total, 1);
          if (data.status === "confirmed") {
            bar.removeAttribute("value"); // indeterminate while the one transaction runs
          } else {
            bar.value = data.done;
          }
          text.textContent = data.label;
          statusLabel.textContent = data.status_label;
          if (data.status !== status || !data.running) {
            window.location.reload();
            return;
          }
          window.setTimeout(poll, 1000);
        })
        .catch(function () {
          window.setTimeout(poll, 3000);
        });
    }

    window.setTimeout(poll, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
