// Small behaviours shared by every page. No inline script: the CSP forbids it.
(function () {
  "use strict";

  // "Leave quickly": hide this page at once, sign out, then replace this page in history with the neutral
  // page, and mark the tab so Back to any Stepwise page lands there too (leave-guard.js). The neutral page
  // is opened after the sign-out answers: a request racing the sign-out would find its session gone.
  // If the sign-out is slow or the network is down, leave anyway after a second.
  var leaving = false;
  function leave(form) {
    if (leaving) return;
    leaving = true;
    try {
      window.sessionStorage.setItem("stepwise-left", "1");
      window.sessionStorage.removeItem("stepwise-draft"); // nothing typed stays behind in the tab
    } catch (error) {
      // Private modes may refuse storage; leaving still works.
    }
    document.body.hidden = true;
    var gone = false;
    function go() {
      if (gone) return;
      gone = true;
      window.location.replace(form.getAttribute("data-neutral"));
    }
    window.setTimeout(go, 1000);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      keepalive: true,
      redirect: "manual",
    })
      .catch(function () {})
      .then(go);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-leave-quickly]");
    if (!form) return;
    event.preventDefault();
    leave(form);
  });

  // Pressing Escape twice within a second also leaves.
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = document.querySelector("[data-leave-quickly]");
    if (!form) return;
    var now = Date.now();
    if (now - lastEscape < 1000) leave(form);
    lastEscape = now;
  });

  // A "Print this page" button: the print stylesheet keeps only what matters on paper.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Wide month-by-month tables start scrolled to the current month (the newest column) on a narrow screen.
  document.querySelectorAll("[data-scroll-to-current]").forEach(function (region) {
    var current = region.querySelector("[data-current]");
    if (!current) return;
    region.scrollLeft = current.offsetLeft + current.offsetWidth - region.clientWidth;
  });
})();
