// Keyboard shortcuts for the queue and the claim screen. Everything also works without JS (plain forms and links).
(function () {
  "use strict";

  function typing(event) {
    const el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function focusFirst(container) {
    if (!container) return false;
    const field = container.querySelector("input:not([type=hidden]), select, textarea, button");
    if (!field) return false;
    container.scrollIntoView({ block: "start" });
    field.focus();
    return true;
  }

  // --- the queue: j/k move between rows, Enter opens, t takes next ---
  const rows = Array.from(document.querySelectorAll("#queue-table .queue-row"));
  let current = -1;
  function select(index) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, i) => row.classList.toggle("selected", i === current));
    const link = rows[current].querySelector(".claim-link");
    if (link) link.focus();
  }

  // A short message at the top of `panel` (a live region, so screen readers hear it too).
  function say(panel, text) {
    let box = document.getElementById("key-message");
    if (!box) {
      box = document.createElement("p");
      box.id = "key-message";
      box.className = "key-message";
      box.setAttribute("role", "status");
      const heading = panel.querySelector("h2");
      panel.insertBefore(box, heading ? heading.nextSibling : panel.firstChild);
    }
    box.textContent = text;
    panel.scrollIntoView({ block: "start" });
  }

  // --- the claim screen ---
  const screen = document.querySelector(".claim-screen");

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    const key = event.key;
    if (rows.length && (key === "j" || key === "k")) {
      select(current + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    if (screen && (key === "j" || key === "k")) {
      const target = screen.dataset[key === "j" ? "next" : "previous"];
      if (target) window.location.assign(target);
      event.preventDefault();
      return;
    }
    if (key === "t") {
      const form = document.getElementById("take-form") || document.getElementById("take-next-form");
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (key === "e" && screen) {
      const form = document.querySelector("#evidence-form form, #add-evidence") || document.querySelector("#evidence form");
      if (form) {
        const details = form.closest("details");
        if (details) details.open = true;
        if (focusFirst(form)) event.preventDefault();
      }
      return;
    }
    if (key === "v" && screen) {
      if (focusFirst(document.getElementById("verdict-form"))) { event.preventDefault(); return; }
      const panel = document.getElementById("verdict");  // no form here: say why instead of doing nothing
      if (panel && panel.dataset.noForm) { say(panel, panel.dataset.noForm); event.preventDefault(); }
    }
  });

  // Bulk form: show only the field the chosen operation needs.
  const operation = document.getElementById("bulk-operation");
  if (operation) {
    const fields = { assign: "bulk-assignee", priority: "bulk-priority", due: "bulk-due" };
    const sync = function () {
      Object.entries(fields).forEach(([name, id]) => {
        const label = document.getElementById(id).closest("label");
        label.hidden = operation.value !== name;
      });
    };
    operation.addEventListener("change", sync);
    sync();
  }
})();
