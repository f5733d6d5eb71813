// «Сейчас»: the figures arrive as server-sent events; each [data-key] cell shows one of them.
(function () {
  "use strict";
  var card = document.getElementById("live");
  if (!card || !window.EventSource) { return; }
  var lang = document.documentElement.lang || "ru";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  // A moment as the page's server writes it («07.12.2026 21:24»), never the ISO text of the event.
  var moment = new Intl.DateTimeFormat(lang, {
    day: "2-digit", month: lang === "en" ? "short" : "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
    hour12: false, timeZone: card.dataset.timezone || undefined
  });

  // The reasons' texts in the page's language (kpi.UNKNOWN_REASONS, written by the server).
  var reasonsNode = document.getElementById("unknown-reasons");
  var reasons = reasonsNode ? JSON.parse(reasonsNode.textContent) : {};

  function pick(figures, key) {
    return key.split(".").reduce(function (value, part) {
      return value == null ? value : value[part];
    }, figures);
  }

  function show(figures) {
    card.querySelectorAll("[data-key]").forEach(function (cell) {
      var value = pick(figures, cell.dataset.key);
      if (value == null) {
        // Unknown is never 0 nor blank: «нет данных» with why, where the board gives the reason.
        var reason = (figures.unknown || {})[cell.dataset.key];
        cell.textContent = reason ? (reasons[reason] || reasons[""]) : "—";
        cell.dataset.unknown = reason || "";
        return;
      }
      delete cell.dataset.unknown;
      if (typeof value === "number") {
        cell.textContent = cell.dataset.format === "pct" ? percent.format(value) : number.format(value);
      } else if (cell.dataset.format === "when" && !isNaN(Date.parse(value))) {
        cell.textContent = moment.format(new Date(value)).replace(",", "");
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
