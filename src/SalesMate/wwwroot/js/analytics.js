// Draws the admin analytics charts from the page's JSON data block (no inline script: the CSP forbids it).
(function () {
  "use strict";
  var source = document.getElementById("sm-analytics-data");
  if (!source || !window.Chart) return;
  var data = JSON.parse(source.textContent || "{}");
  var a = data.conversations || {};
  var style = getComputedStyle(document.documentElement);
  var text = style.getPropertyValue("--pico-color").trim() || "#444";
  var grid = style.getPropertyValue("--pico-muted-border-color").trim() || "#ddd";
  var brand = style.getPropertyValue("--sm-brand").trim() || "#2563eb";
  var palette = [brand, "#f79009", "#12b76a", "#d92d20", "#7a5af8", "#06aed4", "#667085", "#ee46bc"];
  Chart.defaults.color = text;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function shortDay(d) { return d.slice(5); }
  function draw(name, config) {
    var canvas = document.querySelector('canvas[data-chart="' + name + '"]');
    if (!canvas) return;
    var empty = config.data.datasets.every(function (s) { return s.data.every(function (v) { return !v; }); });
    if (empty) {
      var note = document.createElement("p");
      note.className = "sm-muted sm-chart-empty";
      note.textContent = "No data in this period yet.";
      canvas.parentNode.classList.add("sm-chart-none");
      canvas.parentNode.replaceChild(note, canvas);
      return;
    }
    canvas.dataset.rendered = "true";
    new Chart(canvas, config);
  }
  var integer = { beginAtZero: true, ticks: { precision: 0 } };
  var money = { beginAtZero: true, ticks: { callback: function (v) { return "$" + Number(v).toFixed(2); } } };

  var days = (a.conversations_per_day || []).map(function (d) { return shortDay(d.day); });
  draw("activity", { type: "line", data: { labels: days, datasets: [
    { label: "Conversations", data: a.conversations_per_day.map(function (d) { return d.count; }), borderColor: brand, backgroundColor: brand, tension: .3 },
    { label: "Messages", data: a.messages_per_day.map(function (d) { return d.count; }), borderColor: palette[1], backgroundColor: palette[1], tension: .3 }
  ] }, options: { scales: { y: integer } } });

  draw("leads", { type: "bar", data: { labels: (a.leads_per_day || []).map(function (d) { return shortDay(d.day); }), datasets: [
    { label: "Hot", data: a.leads_per_day.map(function (d) { return d.hot; }), backgroundColor: "#d92d20" },
    { label: "Warm", data: a.leads_per_day.map(function (d) { return d.warm; }), backgroundColor: "#f79009" },
    { label: "Cold", data: a.leads_per_day.map(function (d) { return d.cold; }), backgroundColor: "#6172f3" }
  ] }, options: { scales: { x: { stacked: true }, y: Object.assign({ stacked: true }, integer) } } });

  function labels(list) { return { labels: list.map(function (l) { return l.label.replace(/_/g, " "); }), values: list.map(function (l) { return l.count; }) }; }
  var intents = labels(a.intents || []);
  draw("intents", { type: "bar", data: { labels: intents.labels, datasets: [{ label: "Answers", data: intents.values, backgroundColor: brand }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: integer } } });
  var sentiment = labels(a.sentiments || []);
  draw("sentiment", { type: "doughnut", data: { labels: sentiment.labels, datasets: [{ data: sentiment.values, backgroundColor: palette }] },
    options: { plugins: { legend: { position: "right" } } } });

  draw("cost-day", { type: "bar", data: { labels: (data.cost_per_day || []).map(function (d) { return shortDay(d.day); }),
    datasets: [{ label: "Cost (USD)", data: data.cost_per_day.map(function (d) { return d.cost; }), backgroundColor: palette[4] }] },
    options: { plugins: { legend: { display: false } }, scales: { y: money } } });
  draw("cost-model", { type: "bar", data: { labels: (data.cost_per_model || []).map(function (m) { return m.model; }),
    datasets: [{ label: "Cost (USD)", data: data.cost_per_model.map(function (m) { return m.cost; }), backgroundColor: palette[5] }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: money } } });

  draw("reports", { type: "bar", data: { labels: days, datasets: [{ label: "Reports", data: (a.inaccuracy_reports_per_day || []).map(function (d) { return d.count; }), backgroundColor: "#d92d20" }] },
    options: { plugins: { legend: { display: false } }, scales: { y: integer } } });

  var caches = data.caches || {};
  function cache(c) { return c || { hits: 0, misses: 0 }; }
  draw("caches", { type: "bar", data: { labels: ["Answer cache", "Embedding cache"], datasets: [
    { label: "Hits", data: [cache(caches.answer_cache).hits, cache(caches.embedding_cache).hits], backgroundColor: "#12b76a" },
    { label: "Misses", data: [cache(caches.answer_cache).misses, cache(caches.embedding_cache).misses], backgroundColor: "#98a2b3" }
  ] }, options: { indexAxis: "y", scales: { x: Object.assign({ stacked: true }, integer), y: { stacked: true } } } });
})();
