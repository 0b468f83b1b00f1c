// Review queue: a form that links a mention to a registry record (data-choose-target) submits only
// once a record is chosen. Its button stays disabled (and says so to assistive technology) until a
// candidate or a search result is picked; a new search (HTMX) that replaces the choices disables it again.
(function () {
  function sync(form) {
    var button = form.querySelector("button");
    if (!button) return;
    var chosen = form.querySelector('input[name="target"]:checked') !== null;
    button.disabled = !chosen;
    button.setAttribute("aria-disabled", chosen ? "false" : "true");
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-choose-target]");
    if (form && event.target.name === "target") sync(form);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = event.target.closest && event.target.closest("form[data-choose-target]");
    if (form) sync(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-choose-target]").forEach(sync);
  });
})();
