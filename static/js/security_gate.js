// The guard's desk (security/gate_desk.html), two small enhancements; without script the form still
// works: "Find" posts the phone number and the server fills the form, and a fever shows the reason
// field once the form comes back with its error.
// 1. Typing a phone number already registered today fills the empty fields from that entry.
// 2. A temperature at or above the limit shows the reason field at once.
(function () {
  var form = document.querySelector(".gate-form");
  if (!form) { return; }
  var phone = form.querySelector("[data-lookup-url]");
  var hint = document.getElementById("gate-visitor-hint");
  var previous = form.querySelector("input[name=previous]");
  var looked = "";

  function compact(value) { return value.replace(/\s+/g, ""); }

  function fill(data) {
    Object.keys(data.fields).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && name !== "phone" && name !== "previous" && !field.value) {
        field.value = data.fields[name] || "";
      }
    });
    if (previous) { previous.value = data.fields.previous; }
    var more = form.querySelector("details");
    if (more && (data.fields.vehicle_plate || data.fields.goods)) { more.open = true; }
    hint.textContent = data.message + (data.id_note ? " " + data.id_note : "");
    var temperature = form.elements.namedItem("temperature");
    if (temperature && !temperature.value) { temperature.focus(); }
  }

  function lookUp(force) {
    var value = compact(phone.value);
    if (value === looked && !force) { return; }
    if (!/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(value)) { return; }
    looked = value;
    fetch(phone.dataset.lookupUrl + "?phone=" + encodeURIComponent(value), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.json() : { found: false }; })
      .then(function (data) {
        if (compact(phone.value) !== value) { return; }  // typed on meanwhile
        if (data.found) {
          fill(data);
        } else {
          if (previous) { previous.value = ""; }
          if (force && hint.dataset.notFound) { hint.textContent = hint.dataset.notFound; }
        }
      })
      .catch(function () { looked = ""; });  // offline: "Find" still works
  }

  phone.addEventListener("input", function () {
    if (previous && compact(phone.value) !== looked) { previous.value = ""; }
    if (/^1\d{10}$/.test(compact(phone.value))) { lookUp(false); }
  });
  phone.addEventListener("change", function () { lookUp(false); });
  var find = form.querySelector("[data-find]");
  if (find) {
    find.addEventListener("click", function (event) { event.preventDefault(); lookUp(true); });
  }

  var temperature = form.elements.namedItem("temperature");
  var feverPart = form.querySelector("[data-fever-part]");
  if (temperature && feverPart) {
    var limit = parseFloat(temperature.dataset.threshold);
    var reason = feverPart.querySelector("textarea");
    temperature.addEventListener("input", function () {
      var value = parseFloat(temperature.value);
      feverPart.hidden = !(value >= limit) && !(reason && reason.value.trim());
    });
  }
})();
