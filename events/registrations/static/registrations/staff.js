// Keeps an event's registration counts current while an organiser has the page open.
// (Selecting rows is Wagtail's own bulk-actions script.)
(() => {
  const summary = document.querySelector("[data-counts-url]");
  if (summary) {
    const refresh = async () => {
      try {
        const response = await fetch(summary.dataset.countsUrl, { credentials: "same-origin" });
        if (!response.ok) return;
        const counts = await response.json();
        for (const [name, value] of Object.entries(counts)) {
          const element = summary.querySelector(`[data-count="${name}"]`);
          if (element && value !== null) element.textContent = value;
        }
      } catch (error) {
        // Offline for a moment: the next refresh will catch up.
      }
    };
    setInterval(refresh, 15000);
  }
})();

// The export and "Write to participants" follow the list as it is filtered now: Wagtail's
// filters and search change the address without reloading the page, so each link takes the
// address's query when clicked.
(() => {
  for (const link of document.querySelectorAll("[data-follows-list]")) {
    link.addEventListener("click", () => {
      const target = new URL(link.href, window.location.href);
      target.search = window.location.search;
      link.href = target.toString();
    });
  }
})();
