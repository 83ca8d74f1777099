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
  // Any form with data-confirm asks before it is sent (it is sent without asking when scripts are off).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // A submit button with data-busy ("Signing in…") says so and cannot be pressed twice while the form is
  // sent; the form itself is a plain POST and works the same without scripts.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) { return; }
    const button = event.submitter || form.querySelector("button[data-busy]");
    if (!button || !button.dataset.busy) { return; }
    button.dataset.idle = button.textContent;
    button.textContent = button.dataset.busy;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    form.setAttribute("aria-busy", "true");
  });
  // Back to a page kept in the browser's cache: its busy buttons are idle again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-busy][aria-busy]").forEach(function (button) {
      button.textContent = button.dataset.idle || button.textContent;
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (button.form) { button.form.removeAttribute("aria-busy"); }
    });
  });
})();
