// Crochets, projection: keys for the chair's assistant, and the screen following what the chair discusses.
(function () {
  "use strict";

  var follow = true;
  var shown = null;  // the paragraph on screen
  var scale = 1;

  function paragraphs() { return Array.prototype.slice.call(document.querySelectorAll(".projected")); }

  function current() {
    var marker = document.getElementById("projection-current");
    return marker ? { paragraph: marker.getAttribute("data-paragraph"), set: marker.getAttribute("data-set") } : {};
  }

  function show(section, smooth) {
    if (!section) return;
    shown = section.getAttribute("data-paragraph");
    paragraphs().forEach(function (p) { p.classList.toggle("on-screen", p === section); });
    section.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
  }

  function mark() {
    var now = current();
    var list = document.querySelector(".projection-paragraphs");
    if (list) list.classList.toggle("has-current", Boolean(now.paragraph));
    paragraphs().forEach(function (p) {
      p.classList.toggle("under-discussion", p.getAttribute("data-paragraph") === now.paragraph);
    });
    document.querySelectorAll(".bset.set-under-discussion").forEach(function (s) {
      s.classList.remove("set-under-discussion");
    });
    if (now.set) {
      var set = document.querySelector('.projected [data-set="' + now.set + '"]');
      if (set) set.classList.add("set-under-discussion");
    }
    return now;
  }

  function followChair(smooth) {
    var now = mark();
    if (follow && now.paragraph) show(document.getElementById("pp-" + now.paragraph), smooth);
  }

  function step(delta) {
    var all = paragraphs();
    var index = all.findIndex(function (p) { return p.getAttribute("data-paragraph") === shown; });
    follow = false;
    show(all[Math.min(all.length - 1, Math.max(0, (index < 0 ? 0 : index) + delta))], true);
  }

  function toggleRedline() {
    var panel = document.getElementById("projection-redline");
    if (!panel.hidden) { panel.hidden = true; return; }
    var target = shown || current().paragraph;
    if (!target) return;
    htmx.ajax("GET", "/paragraphs/" + target + "/redline-since-revision", { target: panel, swap: "innerHTML" })
      .then(function () { panel.hidden = false; });
  }

  function resize(factor) {
    scale = Math.min(2.5, Math.max(0.6, scale * factor));
    document.documentElement.style.setProperty("--projection-scale", String(scale));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key;
    if (key === "n" || key === "ArrowDown" || key === "PageDown" || key === " ") step(1);
    else if (key === "p" || key === "ArrowUp" || key === "PageUp") step(-1);
    else if (key === "f") { follow = true; followChair(true); }
    else if (key === "r") toggleRedline();
    else if (key === "+" || key === "=") resize(1.15);
    else if (key === "-") resize(1 / 1.15);
    else if (key === "Escape") document.getElementById("projection-redline").hidden = true;
    else return;
    event.preventDefault();
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var element = event.detail.elt;
    if (element && element.id === "projection-current") followChair(true);
    else if (element && element.classList && element.classList.contains("projected")) mark();
  });

  document.addEventListener("DOMContentLoaded", function () {
    followChair(false);
    if (!shown && paragraphs().length) show(paragraphs()[0], false);
  });
})();
