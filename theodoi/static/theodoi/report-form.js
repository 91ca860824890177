// The report form (reporting/reports/report.html): what htmx alone does not do.
//
// htmx saves each item as the officer types (hx-trigger on the item's form). This file
// keeps count of what is typed but not yet saved, so that
// - leaving the page with unsaved or in-flight changes asks first (beforeunload);
// - "Gửi báo cáo" first saves every such item and waits for them; if one cannot be
//   saved (someone else changed it, no connection) the send is refused, naming it;
//   otherwise the check before sending is shown (what is empty or inconsistent);
// - "Mục chưa nhập tiếp theo" opens and shows the next item with nothing entered;
// - an item of a long report, a line on the page (details[data-card]), loads its form
//   the first time it is opened (GET of the page's data-card-url with the card's id);
// - a save refused as stale (409) or without its version (400) shows its card in place,
//   with the message (htmx 2 swaps no 4xx by default).
(function () {
  "use strict";

  const page = document.querySelector(".report-page[data-card-url]");

  // The folded item's form and the rest, loaded once (again if the load failed).
  function loadCard(fold) {
    if (!page || !fold.hasAttribute("data-card") || fold.dataset.loaded) return Promise.resolve();
    fold.dataset.loaded = "1";
    let body = fold.querySelector(".fold-body");
    if (!body) {
      body = document.createElement("div");
      body.className = "fold-body";
      fold.append(body);
    }
    const id = fold.closest("article").id.replace("item-", "");
    const url = page.dataset.cardUrl.replace(/\/0\/xem\/$/, "/" + id + "/xem/");
    return htmx.ajax("GET", url, { target: body, swap: "innerHTML" }).then(() => {
      if (!body.children.length) delete fold.dataset.loaded;
    });
  }

  // "toggle" does not bubble: listened to while it goes down (capture).
  document.addEventListener(
    "toggle",
    (event) => {
      const fold = event.target;
      if (fold.matches && fold.matches("details[data-card]") && fold.open) loadCard(fold);
    },
    true
  );

  document.addEventListener("htmx:beforeSwap", (event) => {
    const xhr = event.detail.xhr;
    if ((xhr.status === 409 || xhr.status === 400) && xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true; // the card with the message, in place of the old one
      event.detail.isError = false; // answered: not the "no connection" notice
    }
  });

  // Per form (by id, so that it survives a refused save re-rendering the card):
  // gen counts edits, saved/sent/failed are the gen last saved, sent and refused.
  const states = new Map();

  function state(form) {
    if (!states.has(form.id)) {
      states.set(form.id, { gen: 0, saved: 0, sent: 0, failed: -1, busy: false });
    }
    return states.get(form.id);
  }

  function forms() {
    return Array.from(document.querySelectorAll("form[data-autosave]"));
  }

  function isDirty(st) {
    return st.gen !== st.saved;
  }

  function pending() {
    return forms().filter((form) => state(form).busy || isDirty(state(form)));
  }

  function autosaveForm(event) {
    const form = event.target.closest && event.target.closest("form[data-autosave]");
    return form || null;
  }

  // The form that sent the request (events of the swap are fired on its target).
  function sourceForm(event) {
    const config = event.detail.requestConfig;
    const elt = (config && config.elt) || event.detail.elt;
    return elt && elt.matches && elt.matches("form[data-autosave]") ? elt : null;
  }

  function edited(event) {
    const form = autosaveForm(event);
    if (form) state(form).gen += 1;
  }

  // Every edit fires "input" (typing, a select, a paste); "change" only repeats it.
  document.addEventListener("input", edited, true);

  // The forms autosave on "typed" (hx-trigger="typed delay:1s"), fired here rather than
  // by an htmx trigger filter, which htmx evaluates as code (refused by the site's
  // Content-Security-Policy). A date is saved on "change" only: half a date is no date.
  document.addEventListener("input", (event) => {
    const form = autosaveForm(event);
    if (form && !event.target.matches(".date")) htmx.trigger(form, "typed");
  });

  // The notice "not saved: no connection" of a form (.offline): hidden when a save
  // starts, shown when it fails (in this file rather than in hx-on attributes, which
  // are inline scripts).
  function showOffline(event, shown) {
    const form = sourceForm(event);
    const notice = form && form.querySelector(".offline");
    if (notice) notice.hidden = !shown;
  }
  document.addEventListener("htmx:beforeRequest", (event) => showOffline(event, false));
  document.addEventListener("htmx:sendError", (event) => showOffline(event, true));
  document.addEventListener("htmx:responseError", (event) => showOffline(event, true));

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = sourceForm(event);
    if (!form) return;
    const st = state(form);
    const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    // An autosave with nothing new to save (the save already went with an earlier event).
    if (!isDirty(st) && trigger && trigger.type !== "submit") {
      event.preventDefault();
      return;
    }
    st.busy = true;
    st.sent = st.gen;
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = sourceForm(event);
    if (!form) return;
    const st = state(form);
    st.busy = false;
    if (event.detail.xhr.getResponseHeader("HX-Retarget")) {
      st.failed = st.sent; // refused: the card comes back with the message and the text
    } else if (event.detail.isError) {
      st.failed = st.sent;
    } else {
      st.saved = Math.max(st.saved, st.sent);
      st.failed = -1;
    }
  });

  function requestFailed(event) {
    const form = sourceForm(event);
    if (!form) return;
    const st = state(form);
    st.busy = false;
    st.failed = st.sent;
  }
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = sourceForm(event);
    if (form) state(form).busy = false; // whatever the answer, the request is over
  });
  document.addEventListener("htmx:sendError", requestFailed);
  document.addEventListener("htmx:responseError", requestFailed);

  window.addEventListener("beforeunload", (event) => {
    if (pending().length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Save every item with unsaved changes and wait; the forms still unsaved after.
  async function saveAll() {
    states.forEach((st) => { st.failed = -1; }); // one more try each
    const deadline = Date.now() + 30000;
    while (Date.now() < deadline) {
      let waiting = false;
      for (const form of forms()) {
        const st = state(form);
        if (st.busy) {
          waiting = true;
        } else if (isDirty(st) && st.failed !== st.gen) {
          htmx.trigger(form, "submit");
          waiting = true;
        }
      }
      if (!waiting) break;
      await sleep(100);
    }
    return forms().filter((form) => isDirty(state(form)));
  }

  function openItem(card) {
    const fold = card.querySelector("details.fold");
    if (fold) fold.open = true;
    card.scrollIntoView({ block: "start" });
    return fold ? loadCard(fold) : Promise.resolve();
  }

  function refuse(panel, unsaved) {
    const message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.dataset.testid = "send-unsaved";
    message.textContent = panel.dataset.unsaved;
    const list = document.createElement("ul");
    list.dataset.testid = "send-unsaved-items";
    for (const form of unsaved) {
      const card = form.closest("article");
      card.querySelector("details.fold").open = true;
      const link = document.createElement("a");
      link.href = "#" + card.id;
      link.textContent = form.dataset.label;
      const row = document.createElement("li");
      row.append(link);
      list.append(row);
    }
    panel.replaceChildren(message, list);
    panel.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("submit", async (event) => {
    const send = event.target.closest("form[data-send]");
    if (!send) return;
    event.preventDefault();
    const panel = document.getElementById("send-panel");
    const button = send.querySelector("button");
    button.disabled = true;
    panel.textContent = panel.dataset.saving;
    try {
      const unsaved = await saveAll();
      if (unsaved.length) {
        refuse(panel, unsaved);
        return;
      }
      await htmx.ajax("GET", send.action, { target: "#send-panel", swap: "innerHTML" });
      panel.scrollIntoView({ block: "nearest" });
    } finally {
      button.disabled = false;
    }
  });

  // A press on the bar's buttons leaves the focus where it is: taking it would end the
  // field being typed in ("change", an autosave) and, with the bar sticky, Chrome may
  // scroll back to that field before the click lands, so the press is lost.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest(".report-bar button")) event.preventDefault();
  });

  // "Mục chưa nhập tiếp theo": the first empty item after the last one shown, round.
  let lastShown = null;
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-next-empty]")) {
      const cards = Array.from(document.querySelectorAll(".fold-state[data-empty='1']")).map(
        (mark) => mark.closest("article")
      );
      if (!cards.length) return;
      const after = cards.find(
        (card) => lastShown && lastShown.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING
      );
      const card = (lastShown = after || cards[0]);
      openItem(card).then(() => {
        const field = card.querySelector("select, input:not([type=hidden]), textarea");
        if (field) field.focus({ preventScroll: true });
      });
      return;
    }
    // A link to an item (the check before sending, the head's summary) opens it.
    const link = event.target.closest("a[href*='#item-'], a[href*='#kpi-']");
    if (link && link.pathname === window.location.pathname) {
      const card = document.getElementById(link.hash.slice(1));
      if (card) {
        event.preventDefault();
        openItem(card);
      }
    }
  });

  if (window.location.hash) {
    const card = document.getElementById(window.location.hash.slice(1));
    if (card && card.matches("article")) openItem(card);
  }
})();
