// Behaviour every page shares, kept out of the markup (the Content-Security-Policy allows no inline script).
// A button marked data-print prints the page (the print stylesheet decides what goes on paper).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// Phones: the header's sections are a menu behind the «Меню» button (the stylesheet hides them only
// when this script runs, so without it they simply wrap).
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (!toggle) {
    return;
  }
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  var open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  menu.classList.toggle("open", open);
  if (open) {
    var first = menu.querySelector("a");
    if (first) {
      first.focus();
    }
  }
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") {
    return;
  }
  var toggle = document.querySelector('.menu-toggle[aria-expanded="true"]');
  if (toggle) {
    toggle.setAttribute("aria-expanded", "false");
    document.getElementById(toggle.getAttribute("aria-controls")).classList.remove("open");
    toggle.focus();
  }
});

// A live character counter under long text fields: every textarea with a maxlength (or data-maxlength,
// where the server checks the limit and the browser should not cut a pasted text) gets "N of M characters".
function promkoopCounter(field) {
  if (field.dataset.counted) {
    return;
  }
  field.dataset.counted = "1";
  var max = parseInt(field.getAttribute("maxlength") || field.dataset.maxlength, 10);
  var body = document.body.dataset;
  var counter = document.createElement("small");
  counter.className = "char-count";
  counter.id = (field.id || field.name) + "-count";
  field.insertAdjacentElement("afterend", counter);
  var described = field.getAttribute("aria-describedby");
  field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
  function update() {
    var count = field.value.length;
    var text = (body.counterText || "{count} / {max}").replace("{count}", count).replace("{max}", max);
    if (count > max) {
      text += " — " + (body.counterOver || "{over}").replace("{over}", count - max);
    }
    counter.textContent = text;
    counter.classList.toggle("over", count > max);
  }
  field.addEventListener("input", update);
  update();
}
function promkoopCounters(root) {
  root.querySelectorAll("textarea[maxlength], textarea[data-maxlength]").forEach(promkoopCounter);
}
document.addEventListener("DOMContentLoaded", function () { promkoopCounters(document); });
document.addEventListener("htmx:afterSwap", function (event) { promkoopCounters(event.target); });
