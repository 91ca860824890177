// The review grid's keys (plans/review/review.html): Enter opens a cell or saves it,
// Shift+Enter is a new line, Esc cancels the edit. The cell's htmx triggers are the
// events fired here ("open", "edited"), not htmx trigger filters: htmx evaluates those
// as code, which the site's Content-Security-Policy refuses.
document.addEventListener("keydown", function (event) {
  const form = event.target.closest && event.target.closest("form.cell-edit");
  if (!form) {
    const cell = event.target.closest && event.target.closest("td.cell[data-field]");
    if (cell && event.key === "Enter") {
      event.preventDefault();
      htmx.trigger(cell, "open");
    }
    return;
  }
  if (event.key === "Escape") {
    event.preventDefault();
    form.dataset.cancelled = "1";
    htmx.ajax("GET", form.dataset.cancel, { target: form.closest("tr"), swap: "outerHTML" });
  } else if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    htmx.trigger(form, "submit");
  }
});

// A changed value is saved, unless Esc has just cancelled the edit.
document.addEventListener("change", function (event) {
  const form = event.target.closest && event.target.closest("form.cell-edit");
  if (form && !form.dataset.cancelled) htmx.trigger(form, "edited");
});
