/* Signaalwijzer checklist: filter the list as you type. Without JavaScript the whole list is shown.
   Hidden items keep their ticks, so filtering never loses what was ticked. */
(function () {
  "use strict";
  var box = document.querySelector("[data-checklist-filter]");
  var list = document.getElementById("signalenlijst");
  if (!box || !list || !String.prototype.normalize) {
    return;
  }
  var input = box.querySelector("input[type=search]");
  var status = document.getElementById("zoek-status");
  var items = Array.prototype.slice.call(list.querySelectorAll("li.check"));
  var groups = Array.prototype.slice.call(list.querySelectorAll("fieldset.check-group"));
  var timer = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var haystacks = items.map(function (li) {
    return fold(li.textContent + " " + (li.getAttribute("data-keywords") || ""));
  });

  function apply() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li, n) {
      var match = words.every(function (word) {
        return haystacks[n].indexOf(word) !== -1;
      });
      li.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("li.check:not([hidden])");
    });
    if (!words.length) {
      status.textContent = "";
      return;
    }
    var ticked = list.querySelectorAll("input[type=checkbox]:checked").length;
    var text = shown ? shown + " " + list.getAttribute("data-status-some") : list.getAttribute("data-status-none");
    if (ticked) {
      text += " · " + ticked + " " + list.getAttribute("data-status-ticked");
    }
    status.textContent = text;
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 150);
  });
  // Enter in the search box filters; it must not send the checklist half-finished.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      apply();
    }
  });
  box.hidden = false;
})();
