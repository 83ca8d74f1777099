// Source library and evidence panel: small conveniences on top of plain forms (all work without JS).
(function () {
  "use strict";
  if (window.factcheckSources) { return; }  // the evidence panel may be included next to a head <script>
  window.factcheckSources = true;

  // A filter box above the source picker: typing narrows the list (the chosen option always stays).
  function addPickerFilter(select) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "source-filter";
    box.placeholder = "Type to filter the sources…";
    box.setAttribute("aria-label", "Filter the sources");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      let first = null;
      for (const option of select.options) {
        const text = option.textContent.toLowerCase();
        const keep = option.value === "0" || option.selected || words.every((w) => text.includes(w));
        option.hidden = !keep;
        if (keep && option.value !== "0" && first === null) { first = option; }
      }
      if (words.length && first && select.value === "0") { first.selected = true; }
    });
  }

  function ready() {
    document.querySelectorAll("select.source-select").forEach(addPickerFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
