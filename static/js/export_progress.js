// The export page's progress bar: ask the server how far the file has got every so often, move the
// bar, and show the download link when it is ready. A failed or expired job reloads the page, which
// says why. Without script the page reloads itself (<noscript> refresh) until the file is ready.
(function () {
  var job = document.getElementById("export-job");
  if (!job) {
    return;
  }
  var bar = document.getElementById("export-bar");
  var fill = bar.querySelector(".progress-bar");
  var percent = document.getElementById("export-percent");
  var every = parseInt(job.dataset.pollMs, 10) || 1500;

  function show(progress) {
    fill.style.width = progress + "%";
    bar.setAttribute("aria-valuenow", progress);
    percent.textContent = progress + "%";
  }

  function done(data) {
    document.getElementById("export-download").href = data.download_url;
    var expires = document.getElementById("export-expires");
    if (expires) {
      expires.textContent = data.expires_at;
    }
    document.getElementById("export-working").hidden = true;
    document.getElementById("export-done").hidden = false;
  }

  function poll() {
    fetch(job.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data.progress);
        if (data.state === "done" && data.download_url) {
          done(data);
        } else if (data.state === "failed" || data.state === "expired") {
          window.location.reload();
        } else {
          window.setTimeout(poll, every);
        }
      })
      .catch(function () {
        window.setTimeout(poll, every * 4); // the server is busy or the network is down: ask less often
      });
  }

  show(parseInt(fill.dataset.progress, 10) || 0);
  if (job.dataset.state === "queued" || job.dataset.state === "running") {
    window.setTimeout(poll, every);
  }
})();
