/* "Exit this page": the link leaves through /exit/ (which clears cookies and storage) without
   JavaScript. With it, the page is hidden at once, the visit is replaced in the history rather
   than added to it, and Shift pressed three times (within 5 seconds, no other key between)
   leaves from anywhere on the page. Loaded as a file: the pages' CSP allows no inline script. */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  var root = document.documentElement;
  root.classList.add("has-quick-exit-shortcut");

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    root.classList.add("is-exiting");
    try {
      window.sessionStorage.clear();
      window.localStorage.clear();
    } catch (error) {
      /* storage may be blocked; the exit route's Clear-Site-Data covers it */
    }
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);

  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      presses = 0; // Shift used to type a capital letter is not a request to leave
      return;
    }
    if (event.repeat) {
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    if (presses >= 3) {
      presses = 0;
      leave();
      return;
    }
    timer = window.setTimeout(function () {
      presses = 0;
    }, 5000);
  });
})();
