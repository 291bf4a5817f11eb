// After "Leave quickly", Back or Forward to any Stepwise page in this tab shows the neutral page instead.
// Loaded without defer in <head>, before the title, so nothing of the page is drawn first.
// stepwise.js sets the mark; opening Stepwise on purpose (a link, the address bar) clears it.
(function () {
  "use strict";
  var KEY = "stepwise-left";
  var neutral = document.currentScript.getAttribute("data-neutral");

  function hasLeft() {
    try {
      return window.sessionStorage.getItem(KEY) === "1";
    } catch (error) {
      return false;
    }
  }

  function bounce() {
    window.location.replace(neutral);
  }

  var entry = window.performance.getEntriesByType("navigation")[0];
  if (hasLeft()) {
    if (entry && entry.type === "back_forward") {
      bounce();
    } else {
      window.sessionStorage.removeItem(KEY);
    }
  }
  // A page restored from the back-forward cache runs no script again; catch it as it is shown.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && hasLeft()) bounce();
  });
})();
