/* The questions sheet's Print button: shown only when this script runs (without it, the page
   says to print from the browser). A file, as the pages' CSP allows no inline script. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
