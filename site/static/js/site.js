// Progressive enhancement: a collapsible menu on narrow screens. Without JavaScript the
// navigation stays visible.
(function () {
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  toggle.hidden = false;
  document.documentElement.classList.add("js");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    nav.classList.toggle("is-open", !open);
  });
})();

// The account menu closes on Escape and when the person clicks elsewhere.
(function () {
  var menu = document.querySelector(".account-menu-details");
  if (!menu) return;
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();

// The event page's bottom bar on phones steps aside while the hero's own button is on screen.
(function () {
  var bar = document.querySelector("[data-cta-bar]");
  var primary = document.querySelector(".registration-cta .cta-primary");
  if (!bar || !primary || !("IntersectionObserver" in window)) return;
  new IntersectionObserver(function (entries) {
    bar.classList.toggle("is-hidden", entries[0].isIntersecting);
  }).observe(primary);
})();
