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

  // An evidence item's edit form lists only the claim's own sources (the page renders the library once, in
  // the add form): the first time its picker is used, it gets the library's list too, its choice kept.
  function offerLibrary(select) {
    const library = document.querySelector("select.source-select");
    if (!library) { return; }
    function fill() {
      select.removeEventListener("focus", fill);
      select.removeEventListener("mousedown", fill);
      const have = new Set(Array.from(select.options, (option) => option.value));
      for (const option of library.options) {
        if (option.value !== "0" && !have.has(option.value)) {
          select.appendChild(new Option(option.textContent, option.value));
        }
      }
      addPickerFilter(select);
    }
    select.addEventListener("focus", fill);
    select.addEventListener("mousedown", fill);
  }

  function ready() {
    document.querySelectorAll("select.source-select").forEach(addPickerFilter);
    document.querySelectorAll("select.source-choice").forEach(offerLibrary);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
