// A coping skill done step by step: one step at a time, and a timer per muscle group.
// No inline script: the CSP forbids it. Without this file every step shows at once.
(function () {
  "use strict";

  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function focusHeading(section) {
    var heading = section.querySelector("h2");
    if (heading) heading.focus();
  }

  function setUpSteps(root) {
    root.classList.add("is-guided");
    if (root.hasAttribute("data-guided-all")) return; // shown again to fix something: keep everything in view
    var steps = Array.prototype.slice.call(root.querySelectorAll("[data-guided-step]"));
    var end = root.querySelector("[data-guided-end]");
    steps.forEach(function (step, index) {
      step.hidden = index > 0;
      var next = step.querySelector("[data-guided-next]");
      if (!next) return;
      next.addEventListener("click", function () {
        step.hidden = true;
        var following = steps[index + 1] || end;
        following.hidden = false;
        focusHeading(following);
      });
    });
    if (end && steps.length) end.hidden = true;
  }

  // Tense for n seconds, then let go for m: the phase is announced once, the count is for the eyes only.
  function setUpTimer(timer) {
    var start = timer.querySelector("[data-timer-start]");
    var phase = timer.querySelector("[data-timer-phase]");
    var count = timer.querySelector("[data-timer-count]");
    var bar = timer.querySelector("[data-timer-bar]");
    var tense = parseInt(timer.getAttribute("data-tense"), 10) || 5;
    var release = parseInt(timer.getAttribute("data-release"), 10) || 10;
    if (reduceMotion && bar) bar.parentNode.hidden = true;

    function run(label, seconds, then) {
      var left = seconds;
      phase.textContent = label;
      count.textContent = left;
      if (bar && !reduceMotion) bar.style.width = "100%";
      var tick = window.setInterval(function () {
        left -= 1;
        count.textContent = left > 0 ? left : "";
        if (bar && !reduceMotion) bar.style.width = (100 * left) / seconds + "%";
        if (left <= 0) {
          window.clearInterval(tick);
          then();
        }
      }, 1000);
    }

    start.addEventListener("click", function () {
      start.disabled = true;
      run("Tense now", tense, function () {
        run("Let go, and notice the difference", release, function () {
          phase.textContent = "Done. Tap Done when you are ready for the next part.";
          start.disabled = false;
          start.textContent = "Start again";
        });
      });
    });
  }

  document.querySelectorAll("[data-guided]").forEach(setUpSteps);
  document.querySelectorAll("[data-timer]").forEach(setUpTimer);
})();
