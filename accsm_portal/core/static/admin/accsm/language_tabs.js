/*
 * Label modeltranslation's language tabs and its language switch with each language's own
 * name (ភាសាខ្មែរ, ພາສາລາວ, Tiếng Việt, English) instead of the bare codes it prints.
 * The names come from the page (the "accsm-language-names" JSON in the change form), so they
 * follow settings.LANGUAGES. Runs after modeltranslation has built the tabs (this file is
 * listed after its script) and again whenever an inline row adds new tabs.
 */
(function () {
  "use strict";

  function languageNames() {
    var node = document.getElementById("accsm-language-names");
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  function relabel(root, names) {
    root.querySelectorAll(".ui-tabs-nav a[href^='#tab_']").forEach(function (link) {
      var code = (link.dataset.languageCode || link.textContent.trim()).replace("-", "_");
      if (!Object.prototype.hasOwnProperty.call(names, code)) {
        return;
      }
      // Only touch what differs: every change here is itself seen by the observer below.
      if (link.textContent !== names[code]) {
        link.dataset.languageCode = code;
        link.textContent = names[code];
        link.setAttribute("lang", code);
        link.setAttribute("title", names[code]);
        link.classList.add("accsm-language-tab");
      }
    });
    var select = document.getElementById("modeltranslation-main-switch");
    if (select) {
      // The switch starts on its first option while the tabs open on the page's language.
      if (!select.dataset.accsmSynced) {
        select.dataset.accsmSynced = "1";
        var active = root.querySelector(".ui-tabs-nav li.ui-tabs-active");
        if (active) {
          select.value = String(Array.prototype.indexOf.call(active.parentNode.children, active));
        }
      }
      select.querySelectorAll("option").forEach(function (option) {
        var code = (option.dataset.languageCode || option.textContent.trim()).replace("-", "_");
        if (Object.prototype.hasOwnProperty.call(names, code) && option.textContent !== names[code]) {
          option.dataset.languageCode = code;
          option.textContent = names[code];
        }
      });
    }
  }

  function start() {
    var names = languageNames();
    if (!names) {
      return;
    }
    relabel(document, names);
    new MutationObserver(function () {
      relabel(document, names);
    }).observe(document.body, { childList: true, subtree: true });
  }

  var jq = window.django && window.django.jQuery;
  if (jq) {
    // Queued behind modeltranslation's own ready handler, which builds the tabs.
    jq(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
