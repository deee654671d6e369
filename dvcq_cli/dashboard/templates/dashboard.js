// The period chooser: without this script every period is shown one after another and the
// links jump to them; with it, one period is shown at a time and the links switch between
// them. Nothing else on the page needs a script.
(function () {
  "use strict";
  var root = document.querySelector("[data-periods]");
  if (!root) {
    return;
  }
  var panels = Array.prototype.slice.call(root.querySelectorAll("[data-period-panel]"));
  var links = Array.prototype.slice.call(root.querySelectorAll("[data-period-link]"));
  var ids = panels.map(function (panel) { return panel.id; });

  function show(id) {
    panels.forEach(function (panel) { panel.hidden = panel.id !== id; });
    links.forEach(function (link) {
      if (link.getAttribute("href") === "#" + id) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function fromHash() {
    var wanted = window.location.hash.slice(1);
    return ids.indexOf(wanted) >= 0 ? wanted : null;
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      show(link.getAttribute("href").slice(1));
    });
  });
  window.addEventListener("hashchange", function () {
    var wanted = fromHash();
    if (wanted) {
      show(wanted);
    }
  });
  root.classList.add("enhanced");
  show(fromHash() || root.getAttribute("data-chosen"));
}());
