// Behaviour every page shares, kept out of the markup (the Content-Security-Policy allows no inline script).
// A button marked data-print prints the page (the print stylesheet decides what goes on paper).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
