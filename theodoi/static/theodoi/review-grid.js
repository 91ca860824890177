// The review grid's keys (plans/review/review.html): Enter saves a cell, Shift+Enter
// is a new line, Esc cancels the edit.
document.addEventListener("keydown", function (event) {
  const form = event.target.closest && event.target.closest("form.cell-edit");
  if (!form) return;
  if (event.key === "Escape") {
    event.preventDefault();
    form.dataset.cancelled = "1";
    htmx.ajax("GET", form.dataset.cancel, { target: form.closest("tr"), swap: "outerHTML" });
  } else if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    htmx.trigger(form, "submit");
  }
});
