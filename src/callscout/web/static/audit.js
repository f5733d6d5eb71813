// Live progress of a website audit: server-sent events from /e/<id>/audits/<vendor>/events.
(function () {
  function start() {
    var box = document.getElementById("audit-progress");
    if (!box || !box.dataset.events || box.dataset.state === "done" || box.dataset.state === "failed" ||
        box.dataset.state === "interrupted" || box.dataset.state === "cancelled") return;
    var source = new EventSource(box.dataset.events);
    function show(event) {
      var state = JSON.parse(event.data);
      box.dataset.state = state.state;
      box.textContent = state.text || state.state;  // text, never markup
    }
    source.addEventListener("progress", show);
    source.addEventListener("done", function (event) {
      show(event);
      source.close();
      if (box.dataset.state === "done") window.location.reload();
    });
    source.addEventListener("idle", function () { source.close(); });
    source.onerror = function () { source.close(); };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
