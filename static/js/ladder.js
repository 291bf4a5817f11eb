// Step ladders on the co-building screen: drag-and-drop reordering, and keeping keyboard focus
// on the moved step after the Earlier/Later buttons swap the ladder in with htmx.
// Everything here is an enhancement: without JavaScript the buttons post plain forms.
(function () {
  "use strict";

  var focusKey = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function announce(text) {
    var status = document.getElementById("ladder-status");
    if (status) status.textContent = text;
  }

  function refreshGoal(goalId) {
    var selector = "#" + goalId;
    window.htmx.ajax("GET", window.location.pathname, { target: selector, select: selector, swap: "outerHTML" });
  }

  function initLadder(list) {
    if (list.dataset.sortableReady || !window.Sortable || !list.querySelector(".drag-handle")) return;
    list.dataset.sortableReady = "1";
    window.Sortable.create(list, {
      handle: ".drag-handle",
      animation: 0,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        var body = new FormData();
        list.querySelectorAll("[data-step-id]").forEach(function (item) {
          body.append("step", item.getAttribute("data-step-id"));
          // Sortable leaves inline styles behind; htmx's settle step would copy them and trip the CSP.
          item.removeAttribute("style");
        });
        fetch(list.getAttribute("data-reorder-url"), {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken() },
        }).then(function () {
          announce("Step moved to position " + (event.newIndex + 1) + ".");
          refreshGoal(list.getAttribute("data-goal"));
        });
      },
    });
  }

  function initAll(root) {
    (root || document).querySelectorAll("[data-ladder]").forEach(initLadder);
  }

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusKey = active && active.getAttribute ? active.getAttribute("data-focus-key") : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    initAll(document);
    if (!focusKey) return;
    var target = document.querySelector('[data-focus-key="' + focusKey + '"]');
    if (target && target.disabled) {
      // The step reached an end of the ladder: focus its other move button instead.
      var other = focusKey.indexOf("earlier-") === 0 ? focusKey.replace("earlier-", "later-") : focusKey.replace("later-", "earlier-");
      target = document.querySelector('[data-focus-key="' + other + '"]');
    }
    if (target) {
      target.focus();
      var item = target.closest("[data-step-id]");
      var list = item && item.parentElement;
      if (list) announce("Moved. Now step " + (Array.prototype.indexOf.call(list.children, item) + 1) + " of " + list.children.length + ".");
    }
    focusKey = null;
  });

  document.addEventListener("DOMContentLoaded", function () {
    initAll(document);
  });
})();
