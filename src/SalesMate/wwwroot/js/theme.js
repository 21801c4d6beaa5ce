// Theme switch: clean (default) or the retro terminal look (seed 002). Kept in the sm_theme cookie so the server renders
// the right theme on the next page without a flash.
document.addEventListener("click", function (e) {
  var toggle = e.target.closest && e.target.closest("[data-sm-theme-toggle]");
  if (!toggle) return;
  var html = document.documentElement;
  var next = html.getAttribute("data-sm-theme") === "terminal" ? "clean" : "terminal";
  html.setAttribute("data-sm-theme", next);
  html.setAttribute("data-theme", next === "terminal" ? "dark" : "light");
  document.cookie = "sm_theme=" + next + "; path=/; max-age=31536000; samesite=lax";
  var label = toggle.querySelector(".sm-theme-label");
  if (label) label.textContent = next === "terminal" ? "Clean theme" : "Terminal theme";
});
