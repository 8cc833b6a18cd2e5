// The hazard form: show only the part that fits what happens next (rectified on the spot / a plan /
// the school plans it). Without script every part shows and the form still works.
(function () {
  var radios = document.querySelectorAll("[data-outcome]");
  function update() {
    var chosen = document.querySelector("[data-outcome]:checked");
    document.querySelectorAll("[data-outcome-part]").forEach(function (part) {
      part.hidden = chosen === null || part.dataset.outcomePart !== chosen.value;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
