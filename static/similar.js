// Has this been checked before? Loaded after the page, so the page itself stays fast.
// - Claim screen (#similar[data-similar-url]): the claims most like this one, each with its verdict and
//   where it differs; an editor's "Same as this" fills and sends the same-as form.
// - Split screen (#checked-before[data-url]): an "already checked" line under each suggested sentence and
//   each claim that an earlier verdict (or a claim being worked on) elsewhere in the archive matches; a
//   claim added without reloading gets its line too.
(function () {
  "use strict";
  const ALREADY = 0.45; // services.similar.ALREADY_CHECKED

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  }

  function verdictWords(item) {
    if (item.verdict_state === "published") {
      return "rated " + item.rating_label + (item.verdict_at ? " on " + item.verdict_at.slice(0, 10) : "");
    }
    if (item.verdict_state === "proposed") { return "verdict proposed: " + item.rating_label; }
    return item.status.replace("_", " ");
  }

  function differsWords(item) {
    return item.differs.map(function (d) {
      return d.kind + ": " + (d.query.join(", ") || "—") + " ≠ " + (d.match.join(", ") || "—");
    }).join("; ");
  }

  // --- the claim screen -------------------------------------------------------------------------------
  const panel = document.querySelector("#similar[data-similar-url]");
  if (panel) {
    const list = panel.querySelector(".similar-list");
    const form = document.getElementById("same-as-form");
    getJSON(panel.dataset.similarUrl).then(function (data) {
      list.replaceChildren();
      (data.external || []).forEach(function (item) {
        // another desk's published review (imported ClaimReview): labelled as external, links out
        const li = el("li", "similar-item external");
        li.dataset.externalId = item.external_id;
        const head = el("p", "similar-head");
        head.append(el("span", "badge", "Other desk"), " ", el("strong", null, item.publisher));
        if (item.rating) { head.append(" ", el("span", "rating", item.rating)); }
        if (item.reviewed_at) { head.append(" ", el("span", "muted", item.reviewed_at)); }
        if (item.url) {
          const link = el("a", null, "their review");
          link.href = item.url;
          link.rel = "noopener noreferrer nofollow";
          head.append(" ", link);
        }
        li.append(head, el("p", "similar-text", item.text));
        if (item.differs.length) { li.append(el("p", "differs", "Differs — " + differsWords(item))); }
        list.append(li);
      });
      if (!data.items.length && !(data.external || []).length) {
        list.append(el("li", "muted", "No similar claim in the archive."));
        return;
      }
      data.items.forEach(function (item) {
        const li = el("li", "similar-item");
        li.dataset.claimId = item.claim_id;
        const head = el("p", "similar-head");
        const link = el("a", null, "#" + item.claim_id);
        link.href = item.url;
        head.append(link, " ", el("span", "status status-" + item.status, item.status.replace("_", " ")));
        if (item.rating) { head.append(" ", el("span", "rating rating-" + item.rating, item.rating_label)); }
        head.append(" ", el("span", "muted", verdictWords(item) + " · " + Math.round(item.score * 100) + "% alike"));
        li.append(head, el("p", "similar-text", item.text));
        if (item.differs.length) { li.append(el("p", "differs", "Differs — " + differsWords(item))); }
        if (form && String(item.claim_id) !== form.elements.same_as_id.value) {
          const button = el("button", "link same-as-this", "Same as #" + item.claim_id);
          button.type = "button";
          button.addEventListener("click", function () {
            form.elements.same_as_id.value = item.same_as_id || item.claim_id;
            form.requestSubmit();
          });
          li.append(button);
        }
        list.append(li);
      });
    }).catch(function () {
      list.replaceChildren(el("li", "muted", "Similar claims could not be loaded."));
    });
  }

  // --- the split screen -------------------------------------------------------------------------------
  const source = document.getElementById("checked-before");
  if (!source || !source.dataset.url) { return; }

  function line(item) {
    const p = el("p", "already-checked");
    const known = item.verdict_state === "published";
    p.append(el("strong", null, known ? "Already checked: " : "Being checked: "));
    const link = el("a", null, "#" + item.claim_id);
    link.href = item.url;
    link.title = item.text;
    p.append(link, " " + verdictWords(item));
    if (item.differs.length) { p.append(el("span", "differs", " (differs — " + differsWords(item) + ")")); }
    return p;
  }

  function show(target, item) {
    if (!target || !item || target.querySelector(".already-checked")) { return; }
    target.append(line(item));
  }

  getJSON(source.dataset.url).then(function (data) {
    Object.keys(data.suggestions).forEach(function (index) {
      show(document.getElementById("s-" + index), data.suggestions[index]);
    });
    Object.keys(data.claims).forEach(function (id) {
      show(document.getElementById("claim-" + id), data.claims[id]);
    });
  }).catch(function () { /* the lines are a help, not the page */ });

  // a claim added without reloading: its own lookup
  const claimList = document.querySelector(".claim-list");
  if (claimList && source.dataset.claimUrl) {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (!(node instanceof HTMLElement) || !node.dataset.claimId) { return; }
          const url = source.dataset.claimUrl.replace(/\/claims\/1\/similar\.json$/, "/claims/" + node.dataset.claimId + "/similar.json");
          getJSON(url).then(function (data) {
            const best = data.items.find(function (item) {
              return item.score >= ALREADY && (item.verdict_state || item.status === "in_progress" || item.status === "in_review");
            });
            show(node, best);
          }).catch(function () {});
        });
      });
    }).observe(claimList, { childList: true });
  }
})();
