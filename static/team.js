// The Team screen: revoking an API token asks first (the form works without this script too).
(function () {
  "use strict";
  function ready() {
    document.querySelectorAll("form.revoke-token[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
