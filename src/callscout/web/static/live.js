// «Сейчас»: the figures arrive as server-sent events; each [data-key] cell shows one of them.
(function () {
  "use strict";
  var card = document.getElementById("live");
  if (!card || !window.EventSource) { return; }
  var lang = document.documentElement.lang || "ru";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });

  function pick(figures, key) {
    return key.split(".").reduce(function (value, part) {
      return value == null ? value : value[part];
    }, figures);
  }

  function show(figures) {
    card.querySelectorAll("[data-key]").forEach(function (cell) {
      var value = pick(figures, cell.dataset.key);
      if (value == null) { cell.textContent = "—"; return; }
      if (typeof value === "number") {
        cell.textContent = cell.dataset.format === "pct" ? percent.format(value) : number.format(value);
      } else {
        cell.textContent = value;
      }
    });
    var silent = document.getElementById("live-silent");
    if (silent) {
      silent.hidden = !(figures.working_hours && figures.no_calls_min != null && figures.no_calls_min >= 10);
    }
    card.dataset.updated = figures.as_of || "";
  }

  var source = new EventSource(card.dataset.stream);
  source.addEventListener("figures", function (message) { show(JSON.parse(message.data)); });
})();
