(function () {
  "use strict";
  var last = null;
  var smooth = window.matchMedia && window.matchMedia("(prefers-reduced-motion: no-preference)").matches;

  function clearCurrent() {
    var marked = document.querySelectorAll(".current");
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove("current");
  }

  function show(link) {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
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
    var button = event.target.closest && event.target.closest("button.legend-item");
    if (button) {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", on ? "true" : "false");
      var spans = document.querySelectorAll('.actor[data-actor="' + button.getAttribute("data-actor") + '"]');
      for (var i = 0; i < spans.length; i++) spans[i].classList.toggle("off", !on);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && last) {
      last.focus();
      last.scrollIntoView({ block: "nearest" });
    }
  });
})();
