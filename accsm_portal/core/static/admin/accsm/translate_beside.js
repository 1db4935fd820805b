/*
 * Translate beside the original: next to each language field of a record's change form (the
 * Lao title, say), show read-only the record's text in its original language, with a small
 * select to show another filled language instead, and a button that copies the text shown
 * into the field (for names and numbers that stay the same in every language).
 *
 * Everything comes from the page, never from inline script: the "accsm-beside" JSON (the
 * stored texts, the original language, translated labels) rendered by the change form. The
 * text of a language that is editable on this page is read live from its own field.
 */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  function isEditable(element) {
    return (
      element &&
      (element.tagName === "INPUT" || element.tagName === "TEXTAREA") &&
      !element.readOnly &&
      !element.disabled
    );
  }

  function textFor(data, field, code) {
    var live = document.getElementById("id_" + field + "_" + code);
    if (isEditable(live)) {
      return live.value;
    }
    return (data.texts[field] && data.texts[field][code]) || "";
  }

  function filledLanguages(data, field, own) {
    return data.languages.filter(function (code) {
      return code !== own && textFor(data, field, code).trim() !== "";
    });
  }

  function build(data, field, own, input) {
    var choices = filledLanguages(data, field, own);
    if (!choices.length) {
      return;
    }
    var names = data.names;
    var labels = data.labels;
    var box = document.createElement("div");
    box.className = "accsm-beside";
    box.dataset.field = field + "_" + own;

    var head = document.createElement("div");
    head.className = "accsm-beside__head";
    var selectId = "accsm-beside-" + field + "-" + own;
    var label = document.createElement("label");
    label.setAttribute("for", selectId);
    label.textContent = labels.show;
    var select = document.createElement("select");
    select.id = selectId;
    select.className = "accsm-beside__select";
    choices.forEach(function (code) {
      var option = document.createElement("option");
      option.value = code;
      option.textContent =
        code === data.original ? labels.original_language.replace("%(language)s", names[code]) : names[code];
      select.appendChild(option);
    });
    select.value = choices.indexOf(data.original) >= 0 ? data.original : choices[0];
    head.appendChild(label);
    head.appendChild(select);

    var text = document.createElement("div");
    text.className = "accsm-beside__text";
    text.setAttribute("role", "textbox");
    text.setAttribute("aria-readonly", "true");
    text.setAttribute("aria-labelledby", selectId);
    text.tabIndex = 0;

    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "button accsm-beside__copy";

    function show() {
      var code = select.value;
      text.textContent = textFor(data, field, code);
      text.setAttribute("lang", code);
      copy.textContent = code === data.original ? labels.copy_original : labels.copy_shown;
      copy.setAttribute("title", labels.copy_title.replace("%(language)s", names[code]));
    }

    select.addEventListener("change", show);
    copy.addEventListener("click", function () {
      input.value = textFor(data, field, select.value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
    show();

    box.appendChild(head);
    box.appendChild(text);
    box.appendChild(copy);
    var anchor = input.closest(".flex-container") || input;
    anchor.parentNode.insertBefore(box, anchor.nextSibling);
  }

  function start() {
    var data = readJson("accsm-beside");
    if (!data) {
      return;
    }
    Object.keys(data.texts).forEach(function (field) {
      data.languages.forEach(function (own) {
        var input = document.getElementById("id_" + field + "_" + own);
        if (isEditable(input)) {
          build(data, field, own, input);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
