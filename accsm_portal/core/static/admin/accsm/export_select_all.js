// The export page's "Select all" box (admin/accsm/export.html): django-import-export wires it
// with an inline onchange attribute, which the Content-Security-Policy refuses, so it is
// attached here to the same function of import_export/export_selectable_fields.js.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange); // eslint-disable-line no-undef
  });
});
