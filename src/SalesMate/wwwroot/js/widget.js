/*
 * The embeddable chat (seed 003 option A). <script src="https://HOST/widget.js" data-tenant="acme" data-agent="sales" async>
 * adds a floating button and a slide-in pane in a shadow DOM, so the host page's CSS and ours never meet. It calls the
 * API cross-origin (allowed by the tenant's allowed_origins) with the X-Session-Token header; the token lives in this
 * site's localStorage, never in a URL or a third-party cookie. See docs/decisions/0009f-web-ui.md.
 * Runs inside the bundle built by WidgetBundle.cs, which provides marked, DOMPurify, SalesMateChat and SALESMATE_TENANT_MODE.
 */
(function () {
  "use strict";
  var script = document.currentScript || Array.prototype.slice.call(document.querySelectorAll("script[src*='widget.js']")).pop();
  if (!script || window.__salesmateWidget) return;
  window.__salesmateWidget = true;

  var src = new URL(script.src, location.href);
  var tenant = script.getAttribute("data-tenant") || "";
  var agent = script.getAttribute("data-agent") || "";
  var basePath = src.pathname.replace(/\/widget\.js$/, "");
  if (SALESMATE_TENANT_MODE === "path" && tenant && basePath.indexOf("/t/") < 0) basePath += "/t/" + encodeURIComponent(tenant);
  if (agent && basePath.indexOf("/a/") < 0) basePath += "/a/" + encodeURIComponent(agent);
  var apiBase = src.origin + basePath;
  var key = "salesmate:" + apiBase;

  function stored(name, value) {
    try {
      if (value === undefined) return localStorage.getItem(key + ":" + name);
      if (value === null) localStorage.removeItem(key + ":" + name);
      else localStorage.setItem(key + ":" + name, value);
    } catch (e) { /* storage blocked: the session lasts as long as the page */ }
    return null;
  }

  var memoryToken = null;
  var token = {
    get: function () { return stored("session") || memoryToken; },
    set: function (value) { memoryToken = value; stored("session", value); },
  };

  function build() {
    var host = document.createElement("div");
    host.id = "salesmate-widget";
    var shadow = host.attachShadow({ mode: "open" });
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = apiBase + "/css/chat.css";
    var widgetCss = document.createElement("link");
    widgetCss.rel = "stylesheet";
    widgetCss.href = apiBase + "/css/widget.css";
    shadow.append(css, widgetCss);

    var wrapper = document.createElement("div");
    wrapper.className = "smw";
    wrapper.innerHTML =
      '<button type="button" class="smw-launcher" aria-expanded="false" aria-controls="smw-pane">' +
      '<span aria-hidden="true" class="smw-launcher-icon">💬</span><span class="smw-launcher-label">Chat</span></button>' +
      '<section id="smw-pane" class="smw-pane" role="dialog" aria-labelledby="smw-title" hidden>' +
      '<header class="smw-head"><span class="smw-mark" aria-hidden="true"></span><h2 id="smw-title" class="smw-title">Shopping assistant</h2>' +
      '<button type="button" class="smw-tool" data-sm-clear title="Clear this pane (your conversation is kept)">Clear</button>' +
      '<button type="button" class="smw-tool smw-close" aria-label="Close chat">✕</button></header>' +
      '<div class="sm-transcript smw-transcript" data-sm-transcript role="log" aria-live="polite" aria-label="Conversation" tabindex="0"></div>' +
      '<div class="sm-visually-hidden" role="status" aria-live="polite" data-sm-status></div>' +
      '<form class="smw-composer" data-sm-form>' +
      '<label class="sm-visually-hidden" for="smw-input">Your message</label>' +
      '<textarea id="smw-input" data-sm-input rows="2" placeholder="Ask about products…"></textarea>' +
      '<div class="smw-buttons"><button type="button" class="smw-stop" data-sm-stop hidden>■ Stop</button>' +
      '<button type="submit" class="smw-send" data-sm-send>Send</button></div>' +
      '<small class="smw-hint"></small></form></section>';
    shadow.appendChild(wrapper);
    document.body.appendChild(host);
    return { host: host, shadow: shadow, root: wrapper };
  }

  function init() {
    var ui = build();
    var launcher = ui.root.querySelector(".smw-launcher");
    var pane = ui.root.querySelector(".smw-pane");
    var input = ui.root.querySelector("[data-sm-input]");
    var started = false;
    var chat = null;

    function setUp(config) {
      config = config || {};
      if (config.primary_color) ui.host.style.setProperty("--sm-brand", config.primary_color);
      var name = config.display_name || "Shopping assistant";
      ui.root.querySelector(".smw-title").textContent = name;
      ui.root.querySelector(".smw-mark").textContent = name.charAt(0);
      launcher.setAttribute("aria-label", "Chat with " + name);
      var inputRules = config.input || {};
      var enterSends = inputRules.submit_shortcut === "enter" || inputRules.enter_inserts_newline === false;
      ui.root.querySelector(".smw-hint").textContent = enterSends ? "Enter to send" : "Ctrl+Enter to send";
      if (config.max_message_chars) input.maxLength = config.max_message_chars;
      chat = SalesMateChat.create({
        root: pane,
        apiBase: apiBase,
        token: token,
        input: inputRules,
        conversationId: stored("conversation"),
        onConversation: function (id) { stored("conversation", id); },
      });
    }

    async function open() {
      pane.hidden = false;
      ui.root.classList.add("smw-open");
      launcher.setAttribute("aria-expanded", "true");
      input.focus();
      if (started || !chat) return;
      started = true;
      var conversation = stored("conversation");
      if (!(conversation && token.get() && await chat.load(conversation))) await chat.startNew();
    }

    function close() {
      pane.hidden = true;
      ui.root.classList.remove("smw-open");
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    launcher.addEventListener("click", function () { if (pane.hidden) open(); else close(); });
    ui.root.querySelector(".smw-close").addEventListener("click", close);
    pane.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });

    fetch(apiBase + "/api/v1/ui/config", { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
