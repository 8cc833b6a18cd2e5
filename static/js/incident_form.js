// Show only the part of the incident form that fits how the bureau learned of the incident
// (the school phoned / learned elsewhere). Without script both parts show and the form still works.
(function () {
  var radios = document.querySelectorAll("[data-source]");
  function update() {
    var chosen = document.querySelector("[data-source]:checked");
    document.querySelectorAll("[data-source-part]").forEach(function (part) {
      part.hidden = chosen !== null && part.dataset.sourcePart !== chosen.value;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
