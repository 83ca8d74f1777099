// Shared helpers for the desk's pages. Each area adds its own script; this one stays small.
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="csrf-token"]');
  window.factcheck = {
    csrfToken: meta ? meta.content : "",
    // fetch() with the CSRF header and JSON accept, for actions that should not reload the page
    async post(url, data) {
      const body = data instanceof FormData ? data : new URLSearchParams(data || {});
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": this.csrfToken, Accept: "application/json" },
      });
      let payload = null;
      try { payload = await response.json(); } catch (e) { payload = null; }
      return { ok: response.ok, status: response.status, data: payload };
    },
  };
})();
