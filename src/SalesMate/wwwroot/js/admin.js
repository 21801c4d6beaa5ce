// Admin console helpers: upload progress for htmx multipart forms (htmx:xhr:progress) into <progress data-upload-progress>.
document.addEventListener("htmx:xhr:progress", function (e) {
  var form = e.target.closest && e.target.closest("form");
  var bar = form && form.querySelector("[data-upload-progress]");
  if (!bar || !e.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((e.detail.loaded / e.detail.total) * 100);
});
document.addEventListener("htmx:afterRequest", function (e) {
  var form = e.target.closest && e.target.closest("form");
  var bar = form && form.querySelector("[data-upload-progress]");
  if (bar) { bar.value = 100; setTimeout(function () { bar.hidden = true; bar.value = 0; }, 600); }
  if (form && form.hasAttribute("data-reset-after") && e.detail.successful) form.reset();
});
// After an htmx call to the API succeeds, elements with data-refresh="event" ask their table to reload; a failed call
// shows the problem's detail next to the form instead of failing silently.
document.addEventListener("htmx:afterRequest", function (e) {
  var source = e.detail.elt;
  var refresh = source && source.closest && source.closest("[data-refresh]");
  if (refresh && e.detail.successful) htmx.trigger(document.body, refresh.getAttribute("data-refresh"));
  var form = source && source.closest && source.closest("form");
  var box = form && form.querySelector("[data-form-error]");
  if (!box) return;
  if (e.detail.successful) { box.hidden = true; return; }
  var text = "The request failed (" + e.detail.xhr.status + ").";
  try {
    var problem = JSON.parse(e.detail.xhr.responseText);
    text = problem.detail || problem.title || text;
    // The detail is often the one field error itself: add only what it does not already say.
    if (problem.errors) Object.values(problem.errors).flat().forEach(function (m) { if (text.indexOf(m) < 0) text += " " + m; });
  } catch (x) { /* not JSON */ }
  box.textContent = text;
  box.hidden = false;
});
