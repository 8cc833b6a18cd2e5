// The inspection fill page (templates/inspections/inspection_fill.html). Without script the page
// still works: the results are real radio inputs and Save is a real submit button. With it:
// the progress counts follow the taps, a Fail marks its item, a note grows as it is written, the
// camera button shows how many photos are waiting, leaving with unsaved results asks first, and
// too many photos at once are caught before the upload instead of by the server.
(function () {
  var form = document.querySelector("[data-inspection-fill]");
  if (!form) return;
  var items = form.querySelectorAll("[data-item]");
  var checkedOut = form.querySelector("[data-checked]");
  var failedOut = form.querySelector("[data-failed]");
  var tooMany = document.querySelector("[data-too-many-files]");
  var maxFiles = parseInt(form.dataset.maxFiles, 10) || 0;
  var dirty = false;

  function progress() {
    var checked = 0;
    var failed = 0;
    items.forEach(function (item) {
      var chosen = item.querySelector("input[type=radio]:checked");
      if (chosen) checked += 1;
      var fail = chosen !== null && chosen.value === "fail";
      if (fail) failed += 1;
      item.classList.toggle("is-fail", fail);
    });
    if (checkedOut) checkedOut.textContent = checked;
    if (failedOut) failedOut.textContent = failed;
  }

  function fileCount() {
    var count = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      count += input.files ? input.files.length : 0;
    });
    return count;
  }

  var saved = form.querySelector("[data-saved]");

  function changed() {
    dirty = true;
    if (saved) saved.hidden = true; // "Saved" no longer holds once something is changed
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    changed();
    if (target.type === "radio") progress();
    if (target.type === "file") {
      var badge = target.closest("label").querySelector("[data-photo-count]");
      if (badge) badge.textContent = target.files.length ? target.files.length : "";
      if (tooMany) tooMany.hidden = fileCount() <= maxFiles;
    }
  });
  // A note starts one line high and grows with what is written, so the whole note stays in view.
  function grow(note) {
    note.style.height = "auto";
    note.style.height = note.scrollHeight + 2 + "px";
  }
  form.addEventListener("input", function (event) {
    changed();
    if (event.target.classList.contains("inspection-note")) grow(event.target);
  });
  form.querySelectorAll(".inspection-note").forEach(function (note) {
    if (note.value) grow(note);
  });

  form.addEventListener("submit", function (event) {
    if (maxFiles && fileCount() > maxFiles) {
      event.preventDefault();
      tooMany.hidden = false;
      tooMany.scrollIntoView({ block: "center" });
      return;
    }
    dirty = false;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  progress();
})();
