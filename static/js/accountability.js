// The accountability ledger and the notices: ask before a step that cannot be undone (withdrawing an
// entry, publishing a notice to every school). Without script the forms work, just without asking.
(function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
})();
