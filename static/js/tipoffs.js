// The public tip-off pages: another sum for the human check, copying the report key, printing a
// poster. Each button is hidden until this script shows it, so without script nothing is broken.
(function () {
  var refresh = document.querySelector("[data-captcha-refresh]");
  if (refresh) {
    refresh.hidden = false;
    refresh.addEventListener("click", function () {
      fetch(refresh.dataset.captchaRefresh, { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var image = document.querySelector("[data-captcha-image]");
          image.src = data.image_url;
          image.srcset = data.image_url + " 1x, " + data.image_url.slice(0, -1) + "@2/ 2x";
          document.querySelector("input[name='captcha_0']").value = data.key;
          var answer = document.querySelector("input[name='captcha_1']");
          answer.value = "";
          answer.focus();
        });
    });
  }

  var copy = document.querySelector("[data-copy-key]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var key = document.querySelector("[data-key]").textContent.trim();
      navigator.clipboard.writeText(key).then(function () {
        copy.querySelector("[data-copy-label]").hidden = true;
        copy.querySelector("[data-copied-label]").hidden = false;
      });
    });
  }

  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
