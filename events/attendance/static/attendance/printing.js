// A print job's page: asks for the job's progress every two seconds and shows it; when the
// PDF is ready (or drawing failed) the page is loaded again with its download link.
(function () {
  "use strict";
  const job = document.querySelector(".printing-job[data-status-url]");
  if (!job || job.dataset.state === "done" || job.dataset.state === "failed") {
    return;
  }
  const field = (name) => job.querySelector(`[data-field="${name}"]`);

  async function poll() {
    try {
      const response = await fetch(job.dataset.statusUrl, { credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const status = await response.json();
      field("state_label").textContent = status.state_label;
      field("done").textContent = status.done;
      field("total").textContent = status.total;
      field("percent").value = status.percent;
      if (status.finished) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // A dropped connection: the next poll tries again.
    }
    window.setTimeout(poll, 2000);
  }
  window.setTimeout(poll, 1000);
})();
