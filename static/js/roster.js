/*
 * The duty roster's edit page, made a little quicker. Everything works without this file: each day
 * comes with a blank shift row, and the fast-entry buttons are plain submit buttons.
 *
 * - "Add a shift" on each day: copies <template id="roster-shift-template"> (a ShiftForm whose
 *   prefix is "__formset__-__prefix__") into the day's [data-roster-rows], with the day's formset
 *   prefix and the next row index, and counts it in the day's TOTAL_FORMS.
 * - Changing the first or last day marks "Update days" as the button to press.
 * - Opening one day's "Copy this day" menu closes the others.
 * - A time typed as 800, 0800, 8:00 or 8：00 reads 08:00 once the field is left (the server
 *   accepts all of these anyway; this only shows what it will read).
 * No inline script: the portal runs under a strict CSP.
 */
(function () {
  "use strict";

  var template = document.getElementById("roster-shift-template");

  function setUpDay(container) {
    var prefix = container.getAttribute("data-roster-shifts");
    var total = container.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var rows = container.querySelector("[data-roster-rows]");
    var button = container.querySelector("[data-roster-add]");
    if (!template || !total || !rows || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML
        .replace(/__formset__/g, prefix)
        .replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (first) {
        first.focus();
      }
    });
  }

  document.querySelectorAll("[data-roster-shifts]").forEach(setUpDay);

  var update = document.querySelector("[data-roster-range]");
  ["id_start_date", "id_end_date", "id_handover"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input && update) {
      input.addEventListener("change", function () {
        update.classList.remove("btn-outline-primary");
        update.classList.add("btn-primary");
      });
    }
  });

  var TIME = /^\s*(\d{1,2})[:：.]?(\d{2})\s*$/;
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-time]")) {
      return;
    }
    var match = TIME.exec(input.value);
    if (match && parseInt(match[1], 10) < 24 && parseInt(match[2], 10) < 60) {
      input.value = (match[1].length === 1 ? "0" : "") + match[1] + ":" + match[2];
    }
  });

  var menus = document.querySelectorAll(".roster-day-tools");
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) {
        return;
      }
      menus.forEach(function (other) {
        if (other !== menu) {
          other.open = false;
        }
      });
    });
  });
})();
