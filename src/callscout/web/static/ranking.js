// Shows each weight slider's value beside it; the re-ranking itself is htmx (server-side scoring).
(function () {
  document.addEventListener("input", function (event) {
    var slider = event.target;
    if (!slider.dataset || !slider.dataset.output) return;
    var output = document.getElementById(slider.dataset.output);
    if (output) output.textContent = slider.value;
  });
})();
