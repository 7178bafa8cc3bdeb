// The settings page's section menu marks the section being read (aria-current and the pill's
// colour), updated on scroll by an IntersectionObserver; the phone's jump list closes after a
// jump. Without JavaScript the menu is plain links to the sections.
(function () {
  "use strict";

  function mark(links, id) {
    links.forEach(function (link) {
      var current = link.getAttribute("href") === "#" + id;
      link.classList.toggle("active", current);
      if (current) link.setAttribute("aria-current", "location");
      else link.removeAttribute("aria-current");
    });
  }

  function follow(nav) {
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#section-']"));
    var sections = links.map(function (link) {
      return document.getElementById(link.getAttribute("href").slice(1));
    }).filter(Boolean);
    if (!sections.length) return;
    var visible = {};
    var start = window.location.hash && document.getElementById(window.location.hash.slice(1));
    mark(links, start && sections.indexOf(start) !== -1 ? start.id : sections[0].id);
    if (!("IntersectionObserver" in window)) return;
    // A section is "being read" while it crosses the upper part of the window.
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var first = sections.find(function (section) { return visible[section.id]; });
      var atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      if (atBottom) first = sections[sections.length - 1];
      if (first) mark(links, first.id);
    }, { rootMargin: "0px 0px -60% 0px" });
    sections.forEach(function (section) { observer.observe(section); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector("[data-settings-nav]");
    if (nav) follow(nav);
    var jump = document.querySelector("[data-testid=settings-jump]");
    if (jump) {
      jump.addEventListener("click", function (event) {
        if (event.target.closest("a")) jump.open = false;
      });
    }
  });
})();
