(function () {
  "use strict";
  var last = null;
  var smooth = window.matchMedia && window.matchMedia("(prefers-reduced-motion: no-preference)").matches;

  function clearCurrent() {
    var marked = document.querySelectorAll(".current");
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove("current");
  }

  function selectTab(pane) {
    var tabs = document.querySelectorAll('[role="tab"]');
    for (var i = 0; i < tabs.length; i++) {
      var panel = document.getElementById(tabs[i].getAttribute("aria-controls"));
      var on = panel === pane;
      tabs[i].setAttribute("aria-selected", on ? "true" : "false");
      tabs[i].tabIndex = on ? 0 : -1;
      if (panel) panel.hidden = !on;
    }
  }

  function show(link) {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    var pane = target.closest(".source");
    if (pane && pane.hidden) selectTab(pane);
    var key = link.getAttribute("data-q");
    clearCurrent();
    target.classList.add("current");
    var marks = document.querySelectorAll("mark.q");
    var first = null;
    for (var i = 0; i < marks.length; i++) {
      if (marks[i].getAttribute("data-q").split(" ").indexOf(key) >= 0) {
        marks[i].classList.add("current");
        if (!first) first = marks[i];
      }
    }
    var item = link.closest(".item");
    if (item) item.classList.add("current");
    (first || target).scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    target.focus({ preventScroll: true });
    last = link;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.goto");
    if (link) {
      event.preventDefault();
      show(link);
      return;
    }
    var tab = event.target.closest && event.target.closest('[role="tab"]');
    if (tab) {
      selectTab(document.getElementById(tab.getAttribute("aria-controls")));
      return;
    }
    var button = event.target.closest && event.target.closest("button.legend-item");
    if (button) {
      var actor = button.getAttribute("data-actor");
      var on = button.getAttribute("aria-pressed") !== "true";
      var same = document.querySelectorAll('button.legend-item[data-actor="' + actor + '"]');
      for (var j = 0; j < same.length; j++) same[j].setAttribute("aria-pressed", on ? "true" : "false");
      var spans = document.querySelectorAll('.actor[data-actor="' + actor + '"]');
      for (var i = 0; i < spans.length; i++) spans[i].classList.toggle("off", !on);
    }
  });

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest('[role="tab"]');
    if (tab && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
      var next = tabs[(tabs.indexOf(tab) + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      selectTab(document.getElementById(next.getAttribute("aria-controls")));
      next.focus();
      return;
    }
    if (event.key === "Escape" && last) {
      last.focus();
      last.scrollIntoView({ block: "nearest" });
    }
  });
})();
