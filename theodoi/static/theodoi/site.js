// Small behaviours any page may ask for with an attribute, so that no page needs an
// inline script (one way to confirm, to tick all, to go back, to close a panel):
// - data-confirm="Question?" on a button or link: asks first; "Hủy" stops it;
// - data-check-all="css selector" on a checkbox: ticks or unticks every box it finds;
// - data-history-back on a button or link: back one page when there is one;
// - data-close="css selector" on a button: empties the nearest such container.
(function () {
  "use strict";

  // No code in attributes (hx-on, trigger filters, js: values): htmx would evaluate it,
  // and the Content-Security-Policy (script-src 'self') refuses evaluated code anyway.
  if (window.htmx) window.htmx.config.allowEval = false;

  document.addEventListener("click", function (event) {
    const asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    const back = event.target.closest("[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
      return;
    }
    const closing = event.target.closest("[data-close]");
    if (closing) {
      const container = closing.closest(closing.dataset.close);
      if (container) container.innerHTML = "";
    }
  });

  document.addEventListener("change", function (event) {
    const all = event.target.closest("[data-check-all]");
    if (!all) return;
    document.querySelectorAll(all.dataset.checkAll).forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
