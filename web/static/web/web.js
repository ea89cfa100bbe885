/* Staff workspace: htmx sends the CSRF token; forms loaded into the shared modal open it. */
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });

  var modalEl = document.getElementById("app-modal");
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (modalEl && event.detail.target && event.detail.target.id === "app-modal-content") {
      var modal = bootstrap.Modal.getOrCreateInstance(modalEl);
      modal.show();
      var first = modalEl.querySelector("[autofocus], input:not([type=hidden]), textarea, select");
      if (first) {
        modalEl.addEventListener("shown.bs.modal", function () { first.focus(); }, { once: true });
      }
    }
  });

  // Auto-submit filter forms when a select changes (the button stays for keyboard users).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
})();
