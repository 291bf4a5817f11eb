// Small behaviours shared by every page. No inline script: the CSP forbids it.
(function () {
  "use strict";

  // "Leave quickly": replace this page in history so Back does not return to it.
  function leave(href) {
    window.location.replace(href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-leave-quickly]");
    if (!link) return;
    event.preventDefault();
    leave(link.getAttribute("href"));
  });

  // Pressing Escape twice within a second also leaves.
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = document.querySelector("[data-leave-quickly]");
    if (!link) return;
    var now = Date.now();
    if (now - lastEscape < 1000) leave(link.getAttribute("href"));
    lastEscape = now;
  });
})();
