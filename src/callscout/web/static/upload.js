// Large uploads: send the form with XMLHttpRequest to show the upload's progress. An accepted file
// redirects to the page that follows its import (go there); a refused one comes back as a page to show.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var barId = form.getAttribute("data-progress");
  if (!barId || !window.XMLHttpRequest) return;
  var bar = document.getElementById(barId);
  if (!bar) return;
  event.preventDefault();
  var request = new XMLHttpRequest();
  request.open("POST", form.action);
  bar.hidden = false;
  request.upload.addEventListener("progress", function (progress) {
    if (progress.lengthComputable) bar.value = Math.round((progress.loaded / progress.total) * 100);
  });
  request.addEventListener("load", function () {
    var target = new URL(request.responseURL || form.action, window.location.href);
    if (request.status === 200 && target.pathname !== new URL(form.action, window.location.href).pathname) {
      window.location.assign(target.href);
      return;
    }
    document.open();
    document.write(request.responseText);
    document.close();
  });
  request.send(new FormData(form));
});
