// The split screen: selection -> claim form, one-click claims from suggestions, inline edits, keyboard.
// Every form here also works without this script; with it, actions answer JSON and the lists and the
// highlighted text are refreshed in place (no page reload).
(function () {
  "use strict";
  const split = document.getElementById("split");
  if (!split) return;
  const textBox = () => document.getElementById("article-text");
  const live = document.getElementById("live");
  const selectionButton = document.getElementById("selection-button");
  const form = document.getElementById("new-claim-form");
  let pending = null; // {start, end, quote} of the last mouse selection in the article
  let focused = -1; // index of the focused suggestion among those shown
  let focusedKey = null; // its data-s, which survives a refresh of the list and a change of filter
  let lastClaimId = null; // the claim made last on this page: `e` edits it

  function say(message, isError) {
    if (!live) return;
    live.textContent = message;
    live.classList.toggle("error", Boolean(isError));
  }

  // --- offsets: every segment carries data-start/data-end into the stored revision text --------------
  function segmentOf(node) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    return element ? element.closest("[data-start]") : null;
  }

  function offsetOf(node, offset) {
    const box = textBox();
    if (node === box) {
      const segs = box.children;
      if (offset < segs.length) return Number(segs[offset].dataset.start);
      return Number(box.dataset.length);
    }
    const seg = segmentOf(node);
    if (!seg || !box.contains(seg)) return null;
    const start = Number(seg.dataset.start);
    const end = Number(seg.dataset.end);
    if (node.nodeType !== Node.TEXT_NODE) return offset === 0 ? start : end;
    if (seg.dataset.break) return offset === 0 ? start : end; // "\r\n" is one "\n" in the page
    return Math.min(start + offset, end);
  }

  function segments() {
    return Array.from(textBox().querySelectorAll("[data-start]"));
  }

  function charAt(position) {
    for (const seg of segments()) {
      const start = Number(seg.dataset.start);
      const end = Number(seg.dataset.end);
      if (position >= start && position < end) {
        return seg.dataset.break ? "\n" : seg.textContent.charAt(position - start);
      }
    }
    return "";
  }

  function readSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const box = textBox();
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    while (start < end && /\s/.test(charAt(start))) start += 1;
    while (end > start && /\s/.test(charAt(end - 1))) end -= 1;
    if (end <= start) return null;
    return { start, end, quote: selection.toString().trim(), rect: range.getBoundingClientRect() };
  }

  function suggestionAt(position) {
    for (const item of document.querySelectorAll(".suggestion")) {
      if (Number(item.dataset.start) <= position && position < Number(item.dataset.end)) return item;
    }
    return null;
  }

  function hideSelectionButton() {
    if (selectionButton) selectionButton.hidden = true;
  }

  document.addEventListener("mouseup", function (event) {
    if (!form || event.target === selectionButton) return;
    window.setTimeout(function () {
      const found = readSelection();
      if (!found) {
        if (!textBox().contains(event.target)) return;
        pending = null;
        hideSelectionButton();
        return;
      }
      pending = found;
      selectionButton.hidden = false;
      selectionButton.style.top = window.scrollY + found.rect.bottom + 6 + "px";
      selectionButton.style.left = window.scrollX + Math.max(found.rect.left, 8) + "px";
    }, 0);
  });

  function claimFromSelection() {
    const found = pending || readSelection();
    if (!form || !found) {
      say("Select a stretch of the article text first.", true);
      return;
    }
    form.querySelector("[name=text]").value = found.quote;
    document.getElementById("new-claim-start").value = found.start;
    document.getElementById("new-claim-end").value = found.end;
    const from = suggestionAt(found.start);
    form.querySelector("[name=claimant]").value = from ? from.dataset.claimant : "";
    const quote = document.getElementById("selection-quote");
    quote.textContent = found.quote;
    quote.hidden = false;
    document.getElementById("clear-selection").hidden = false;
    hideSelectionButton();
    const wording = form.querySelector("[name=text]");
    wording.scrollIntoView({ block: "center" });
    wording.focus();
    say("Characters " + found.start + "–" + found.end + " selected. Reword the claim so it stands alone, then add it.");
  }

  function clearForm() {
    if (!form) return;
    form.reset();
    form.querySelector("[name=text]").value = "";
    form.querySelector("[name=claimant]").value = "";
    document.getElementById("new-claim-start").value = "";
    document.getElementById("new-claim-end").value = "";
    document.getElementById("selection-quote").hidden = true;
    document.getElementById("clear-selection").hidden = true;
    pending = null;
  }

  if (selectionButton) selectionButton.addEventListener("click", claimFromSelection);
  const clear = document.getElementById("clear-selection");
  if (clear) clear.addEventListener("click", clearForm);

  // A click that ends a selection inside a highlight must not follow the claim link.
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("#article-text a.hl");
    if (link && !window.getSelection().isCollapsed) event.preventDefault();
  });

  // --- refreshing the regions after an action ---------------------------------------------------------
  // Whatever the reader was looking at (`anchor`: the suggestion just claimed, the claim just edited) stays
  // where it was on the screen: the lists are replaced, the scroll is not reset.
  function scrollBy(element, delta) {
    const pane = element.closest(".side-pane");
    if (pane && pane.scrollHeight > pane.clientHeight && getComputedStyle(pane).overflowY !== "visible") {
      pane.scrollTop += delta;
    } else {
      window.scrollBy(0, delta);
    }
  }

  async function refresh(anchor) {
    const anchorId = anchor && anchor.id;
    const before = anchorId ? anchor.getBoundingClientRect().top : 0;
    const focusLost = () => !document.activeElement || document.activeElement === document.body;
    const response = await fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const region of document.querySelectorAll("[data-region]")) {
      const fresh = page.getElementById(region.id);
      if (fresh) region.replaceWith(fresh);
    }
    syncFilter();
    if (focusedKey !== null) {
      const index = suggestionItems().findIndex((item) => item.dataset.s === focusedKey);
      if (index >= 0) focusSuggestion(index, false);
      if (index >= 0 && focusLost()) suggestionItems()[index].focus({ preventScroll: true });
    }
    const now = anchorId && document.getElementById(anchorId);
    if (now) {
      const delta = now.getBoundingClientRect().top - before;
      if (Math.abs(delta) >= 1) scrollBy(now, delta);
    }
  }

  function errorText(result) {
    const error = result.data && result.data.error;
    if (!error) return "The server refused this (" + result.status + ").";
    return error.message;
  }

  document.addEventListener("submit", async function (event) {
    const target = event.target;
    const isClaim = target.classList.contains("js-claim-form");
    const isEdit = target.classList.contains("js-edit-form");
    if (!isClaim && !isEdit) return;
    event.preventDefault();
    // the page's message from before (e.g. "Article added") is old news once the reader acts
    document.querySelectorAll("main .flashes").forEach((flashes) => flashes.remove());
    const anchor = target.closest(".suggestion, .claim-item");
    const button = target.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    const result = await window.factcheck.post(target.action, new FormData(target));
    if (button) button.disabled = false;
    if (!result.ok) {
      const message = errorText(result);
      say(message, true);
      const slot = target.querySelector(".form-message");
      if (slot) { slot.textContent = message; slot.hidden = false; }
      return;
    }
    const claim = result.data.claim;
    if (target === form) clearForm();
    if (!isEdit) lastClaimId = claim.id;
    say(isEdit ? "Saved claim " + claim.id + ": " + claim.text : "Added claim " + claim.id + ": " + claim.text + " (e: edit its wording)");
    await refresh(anchor);
    const made = !isEdit && document.getElementById("claim-" + claim.id);
    if (made) made.classList.add("just-added");
  });

  // --- keyboard ---------------------------------------------------------------------------------------
  // The suggestions shown: all, or the check-worthy ones only (the filter above the list).
  function suggestionItems() {
    const onlyCheckWorthy = split.classList.contains("only-cw");
    return Array.from(document.querySelectorAll(onlyCheckWorthy ? ".suggestion.cw" : ".suggestion"));
  }

  function syncFilter() {
    const box = document.getElementById("only-check-worthy");
    if (!box) return;
    box.checked = split.classList.contains("only-cw");
    box.closest("label").hidden = false;
  }

  document.addEventListener("change", function (event) {
    if (event.target.id !== "only-check-worthy") return;
    split.classList.toggle("only-cw", event.target.checked);
    // keep the focused suggestion, or the next one still shown
    const items = suggestionItems();
    if (focusedKey === null || !items.length) { focused = -1; return; }
    let index = items.findIndex((item) => Number(item.dataset.s) >= Number(focusedKey));
    if (index < 0) index = items.length - 1;
    focusSuggestion(index);
  });
  syncFilter();

  function focusSuggestion(index, scroll) {
    const items = suggestionItems();
    if (!items.length) return;
    focused = Math.max(0, Math.min(index, items.length - 1));
    focusedKey = items[focused].dataset.s;
    document.querySelectorAll(".focus").forEach((el) => el.classList.remove("focus"));
    const item = items[focused];
    item.classList.add("focus");
    textBox().querySelectorAll('[data-s="' + item.dataset.s + '"]').forEach((el) => el.classList.add("focus"));
    if (scroll !== false) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
      const first = textBox().querySelector('[data-s="' + item.dataset.s + '"]');
      if (first) first.scrollIntoView({ block: "nearest" });
    }
  }

  function typing(event) {
    const el = event.target;
    if (el && el.tagName === "INPUT" && /^(checkbox|radio|button|submit)$/.test(el.type)) return false;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    const key = event.key;
    if (key === "j" || key === "k") {
      event.preventDefault();
      focusSuggestion(focused < 0 ? 0 : focused + (key === "j" ? 1 : -1));
    } else if ((key === "Enter" || key === "c") && focused >= 0 && !event.target.closest("a, button, summary")) {
      const item = suggestionItems()[focused];
      const make = item && item.querySelector("form.make-claim");
      if (make) { event.preventDefault(); make.requestSubmit(); }
    } else if (key === "n") {
      event.preventDefault();
      claimFromSelection();
    } else if (key === "e") {
      // the claim just made on this page, else the last one in the list
      const all = document.querySelectorAll(".claim-item details.edit-claim");
      const made = lastClaimId && document.querySelector("#claim-" + lastClaimId + " details.edit-claim");
      const edit = made || all[all.length - 1];
      if (edit) {
        event.preventDefault();
        edit.open = true;
        edit.querySelector("textarea").focus();
      }
    } else if (key === "Escape") {
      window.getSelection().removeAllRanges();
      hideSelectionButton();
    } else if (key === "?") {
      const help = document.getElementById("keyboard-help");
      if (help) help.open = !help.open;
    }
  });

  // Clicking a suggestion's text focuses it (and its sentence in the article).
  document.addEventListener("click", function (event) {
    const item = event.target.closest && event.target.closest(".suggestion");
    if (item && !event.target.closest("form")) focusSuggestion(suggestionItems().indexOf(item));
  });
})();
