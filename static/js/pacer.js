// The paced-breathing pacer on a library page. No inline script: the CSP forbids it.
// Keyboard: the Start/Pause control is a real button (Enter or Space). Reduced motion:
// the circle stays still and only the words and the count change.
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  function setUp(root) {
    var toggle = root.querySelector("[data-pacer-toggle]");
    var phaseText = root.querySelector("[data-pacer-phase]");
    var countText = root.querySelector("[data-pacer-count]");
    var circle = root.querySelector("[data-pacer-circle]");
    var phases = [
      { name: "in", label: "Breathe in", seconds: parseInt(root.getAttribute("data-in"), 10) || 4 },
      { name: "out", label: "Breathe out", seconds: parseInt(root.getAttribute("data-out"), 10) || 6 },
    ];
    var timer = null;
    var phaseIndex = 0;
    var remaining = 0;

    function still() {
      return reduceMotion && reduceMotion.matches;
    }

    function showPhase() {
      var phase = phases[phaseIndex];
      remaining = phase.seconds;
      phaseText.textContent = phase.label;
      countText.textContent = String(remaining);
      circle.classList.remove("is-in", "is-out");
      circle.style.setProperty("--pacer-seconds", phase.seconds + "s");
      if (!still()) circle.classList.add("is-" + phase.name);
    }

    function tick() {
      remaining -= 1;
      if (remaining <= 0) {
        phaseIndex = (phaseIndex + 1) % phases.length;
        showPhase();
      } else {
        countText.textContent = String(remaining);
      }
    }

    function start() {
      phaseIndex = 0;
      showPhase();
      timer = window.setInterval(tick, 1000);
      toggle.textContent = "Pause";
      toggle.setAttribute("aria-pressed", "true");
      root.classList.add("is-running");
    }

    function pause(message) {
      window.clearInterval(timer);
      timer = null;
      circle.classList.remove("is-in", "is-out");
      phaseText.textContent = message || "Paused. Press Start when you are ready.";
      countText.textContent = "";
      toggle.textContent = "Start";
      toggle.setAttribute("aria-pressed", "false");
      root.classList.remove("is-running");
    }

    toggle.addEventListener("click", function () {
      if (timer) pause();
      else start();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.hidden && timer) pause();
    });
    toggle.hidden = false;
  }

  function init() {
    document.querySelectorAll("[data-pacer]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
