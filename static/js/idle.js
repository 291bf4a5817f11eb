// The idle sign-out, made kind: a dialog before it happens, and what was typed kept for afterwards.
// Sessions end after SESSION_COOKIE_AGE idle seconds on the server; the <dialog> carries that figure
// and how long before it to ask (data-idle-seconds, data-warn-seconds). Anything typed in a form on
// the page is kept in sessionStorage (this tab only; never a cookie or the address) when the dialog
// opens and when time runs out, and offered back after signing in again. Signing out, leaving
// quickly or choosing "Discard it" clears it. No inline script: the CSP forbids it.
(function () {
  "use strict";

  var KEY = "stepwise-draft";
  var SKIP = ["hidden", "password", "submit", "button", "reset", "file", "image"];

  function store(value) {
    try {
      if (value === null) window.sessionStorage.removeItem(KEY);
      else window.sessionStorage.setItem(KEY, JSON.stringify(value));
    } catch (error) {
      // Private modes may refuse storage: the dialog still works, drafts are simply not kept.
    }
  }

  function stored() {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && !element.disabled && SKIP.indexOf(element.type) === -1;
    });
  }

  // Forms are told apart by their action and their place among forms with the same action.
  function forms() {
    var seen = {};
    return Array.prototype.map.call(document.querySelectorAll("main form[method=post]"), function (form) {
      var action = form.getAttribute("action") || "";
      seen[action] = (seen[action] || 0) + 1;
      return { key: action + "#" + seen[action], form: form };
    });
  }

  function saveDrafts() {
    var kept = [];
    forms().forEach(function (entry) {
      var values = {};
      var typed = false;
      fields(entry.form).forEach(function (element) {
        var value = element.type === "checkbox" || element.type === "radio" ? element.checked : element.value;
        if (element.tagName === "TEXTAREA" || element.type === "text" || element.type === "search") {
          typed = typed || element.value !== element.defaultValue;
        }
        (values[element.name] = values[element.name] || []).push(value);
      });
      if (typed) kept.push({ key: entry.key, values: values });
    });
    if (kept.length) store({ path: window.location.pathname, forms: kept });
  }

  function restore(draft) {
    var byKey = {};
    forms().forEach(function (entry) {
      byKey[entry.key] = entry.form;
    });
    var first = null;
    draft.forms.forEach(function (saved) {
      var form = byKey[saved.key];
      if (!form) return;
      var used = {};
      fields(form).forEach(function (element) {
        var values = saved.values[element.name];
        if (!values) return;
        var at = (used[element.name] = (used[element.name] || 0) + 1) - 1;
        if (at >= values.length) return;
        if (element.type === "checkbox" || element.type === "radio") element.checked = values[at];
        else element.value = values[at];
        first = first || element;
      });
    });
    if (first) first.focus();
  }

  // After signing in again: offer what was kept, here or on the page it came from.
  var offer = document.getElementById("draft-offer");
  var draft = stored();
  if (offer && draft && typeof draft.path === "string" && /^\/(?!\/)/.test(draft.path)) {
    var here = draft.path === window.location.pathname;
    var put = offer.querySelector("[data-draft-restore]");
    var go = offer.querySelector("[data-draft-go]");
    put.hidden = !here;
    go.hidden = here;
    go.href = draft.path;
    offer.hidden = false;
    put.addEventListener("click", function () {
      restore(draft);
      store(null);
      offer.hidden = true;
    });
    offer.querySelector("[data-draft-discard]").addEventListener("click", function () {
      store(null);
      offer.hidden = true;
    });
  }

  // Signing out on purpose, or leaving quickly, keeps nothing behind in the tab.
  document.addEventListener(
    "submit",
    function (event) {
      if (event.target.closest("[data-sign-out], [data-leave-quickly]")) store(null);
    },
    true
  );

  var dialog = document.getElementById("idle-dialog");
  if (!dialog) return;
  var idle = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
  var warn = Number(dialog.getAttribute("data-warn-seconds")) * 1000;
  var home = dialog.getAttribute("data-home-url");
  var warnTimer = null;
  var endTimer = null;

  function start() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    warnTimer = window.setTimeout(function () {
      saveDrafts();
      if (!dialog.open) dialog.showModal();
    }, Math.max(0, idle - warn));
    endTimer = window.setTimeout(function () {
      saveDrafts();
      window.location.replace(home); // signed out by now: the server asks to sign in
    }, idle);
  }

  var stay = dialog.querySelector("form");
  stay.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(stay.action, { method: "POST", body: new FormData(stay), credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.status !== 204) throw new Error("signed out");
        store(null); // still signed in: the form on the page keeps what was typed
        dialog.close();
        start();
      })
      .catch(function () {
        window.location.replace(home);
      });
  });
  // An in-page save (htmx) also keeps the session alive.
  document.body.addEventListener("htmx:afterRequest", start);
  start();
})();
