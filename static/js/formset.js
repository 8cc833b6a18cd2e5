/*
 * "Add a row" for Django formsets, without inline script (the portal runs under a strict CSP).
 *
 * Markup: a container with data-formset="<prefix>" holding the management form, a
 * [data-formset-rows] list, a <template data-formset-empty> with the formset's empty_form
 * (its "__prefix__" becomes the row index, "__number__" the row's number as people count), and a
 * hidden [data-formset-add] button, shown here. Without JavaScript the extra empty rows the
 * server renders still let people add rows, a few at a time.
 */
(function () {
  "use strict";

  function setUp(container) {
    var prefix = container.getAttribute("data-formset");
    var total = container.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var max = container.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
    var rows = container.querySelector("[data-formset-rows]");
    var empty = container.querySelector("template[data-formset-empty]");
    var button = container.querySelector("[data-formset-add]");
    if (!total || !rows || !empty || !button) {
      return;
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) {
        button.disabled = true;
        return;
      }
      var html = empty.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input, textarea");
      if (first) {
        first.focus();
      }
    });
  }

  document.querySelectorAll("[data-formset]").forEach(setUp);
})();
