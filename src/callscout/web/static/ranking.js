// Shows each weight slider's value beside it; the re-ranking itself is htmx (server-side scoring).
(function () {
  document.addEventListener("input", function (event) {
    var slider = event.target;
    if (!slider.dataset || !slider.dataset.output) return;
    var output = document.getElementById(slider.dataset.output);
    // In the page's language: «1,5» on a Russian page, as the server wrote it.
    if (output) output.textContent = Number(slider.value).toLocaleString(document.documentElement.lang || "ru");
  });
})();
