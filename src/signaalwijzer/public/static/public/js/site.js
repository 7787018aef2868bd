/* Signaalwijzer: small enhancements for every page. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // After a form error, take keyboard and screen reader users straight to the list of problems.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }

  // Print button on the result page; without JavaScript the page says to use Ctrl+P instead.
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  if (buttons.length) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print-fallback]"), function (el) {
      el.hidden = true;
    });
  }
})();
