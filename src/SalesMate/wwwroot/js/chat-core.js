/*
 * SalesMate chat client, shared by the chat page and the embeddable widget (which bundles it with marked and DOMPurify).
 * It talks to the public API: POST /api/v1/chat/start, POST /api/v1/streams, GET /events/stream (read with fetch, so the
 * widget can send X-Session-Token instead of a cookie), POST /api/v1/streams/{id}/cancel, feedback. Answers are Markdown
 * rendered by marked and sanitised by DOMPurify: no script, no remote images, no javascript: links.
 * Expects `marked` and `DOMPurify` in scope. Defines `SalesMateChat` (a global on the page, a local in the widget bundle).
 */
var SalesMateChat = (function () {
  "use strict";

  var SAFE_URI = /^(?:https?:|mailto:|\/(?!\/)|#)/i;
  var purifyReady = false;
  var THUMBS_UP = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M7 10v12"/><path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z"/></svg>';
  var THUMBS_DOWN = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M17 14V2"/><path d="M9 18.12 10 14H4.17a2 2 0 0 1-1.92-2.56l2.33-8A2 2 0 0 1 6.5 2H20a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-2.76a2 2 0 0 0-1.79 1.11L12 22a3.13 3.13 0 0 1-3-3.88Z"/></svg>';

  function setUpPurify() {
    if (purifyReady) return;
    purifyReady = true;
    DOMPurify.addHook("afterSanitizeAttributes", function (node) {
      if (node.tagName === "IMG") {
        var src = node.getAttribute("src") || "";
        // Only images of this site's own pages; a model cannot make the browser fetch from another host.
        if (!/^\/(?!\/)/.test(src)) {
          var alt = node.getAttribute("alt");
          node.replaceWith(document.createTextNode(alt ? "[image: " + alt + "]" : "[image]"));
        }
      }
      if (node.tagName === "A") {
        var href = node.getAttribute("href") || "";
        if (!SAFE_URI.test(href)) node.removeAttribute("href");
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer nofollow");
      }
    });
  }

  function markdown(text) {
    setUpPurify();
    var html = marked.parse(text || "", { gfm: true, breaks: true, async: false });
    return DOMPurify.sanitize(html, {
      FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "svg", "math"],
      FORBID_ATTR: ["style"],
      ALLOWED_URI_REGEXP: SAFE_URI,
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function button(label, className, data) {
    var b = el("button", className, label);
    b.type = "button";
    Object.keys(data || {}).forEach(function (k) { b.setAttribute("data-" + k, data[k]); });
    return b;
  }

  function formatPrice(price, currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: currency || "USD" }).format(price);
    } catch (e) {
      return (currency || "") + " " + price;
    }
  }

  /** Parses a text/event-stream body read with fetch; calls onEvent(type, data, id) per event. */
  async function readSse(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, "\n");
      var end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        var block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        var type = "message", data = [], id = null;
        block.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) type = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
          else if (line.indexOf("id:") === 0) id = line.slice(3).trim();
        });
        if (data.length) {
          var parsed;
          try { parsed = JSON.parse(data.join("\n")); } catch (e) { parsed = {}; }
          if (onEvent(type, parsed, id) === false) {
            reader.cancel().catch(function () { /* already closed */ }); // the answer is complete: let the connection go
            return;
          }
        }
      }
    }
  }

  async function problemOf(response) {
    var body = {};
    try { body = await response.json(); } catch (e) { /* not JSON */ }
    var retry = response.headers.get("Retry-After");
    if (response.status === 429) {
      return "Too many messages at once. Try again in " + (retry || "a few") + " seconds.";
    }
    return body.detail || body.title || ("The server answered " + response.status + ".");
  }

  /**
   * options: root (element holding the chat markup), apiBase ("" or "https://host/t/acme"), token ({get,set} for the
   * widget; omitted on the page, where the HttpOnly cookie is the session), input ({submit_shortcut,
   * enter_inserts_newline, debounce_ms}), persona (function returning the chosen persona code or ""), conversationId,
   * onConversation(id) and onTurnDone() callbacks.
   */
  function create(options) {
    var root = options.root;
    var q = function (name) { return root.querySelector("[data-sm-" + name + "]"); };
    var transcript = q("transcript"), form = q("form"), input = q("input"), sendButton = q("send"), stopButton = q("stop");
    var status = q("status");
    var input_ = options.input || {};
    var state = { conversationId: options.conversationId || null, streamId: null, busy: false, lastSubmit: 0, compare: null, endTurn: function () {} };

    function headers(json) {
      var h = { Accept: "application/json" };
      if (json) h["Content-Type"] = "application/json";
      var token = options.token && options.token.get();
      if (token) h["X-Session-Token"] = token;
      return h;
    }

    function api(path, init) {
      init = init || {};
      init.credentials = options.token ? "omit" : "same-origin";
      // fetch rejects with a bare TypeError ("Failed to fetch") when the server is unreachable or refuses this site (CORS).
      return fetch(options.apiBase + path, init).catch(function () {
        throw new Error("The assistant cannot be reached right now. Check your connection and try again.");
      });
    }

    function announce(text) { if (status) status.textContent = text; }

    function scroll() { transcript.scrollTop = transcript.scrollHeight; }

    function removeEmptyState() {
      var empty = transcript.querySelector("[data-sm-empty]");
      if (empty) empty.remove();
    }

    function setBusy(busy) {
      state.busy = busy;
      if (sendButton) sendButton.disabled = busy;
      if (stopButton) stopButton.hidden = !busy;
      root.classList.toggle("sm-busy", busy);
    }

    function renderUser(text) {
      removeEmptyState();
      var msg = el("div", "sm-msg sm-user");
      msg.appendChild(el("div", "sm-bubble", text));
      transcript.appendChild(msg);
      scroll();
    }

    function renderAssistantShell() {
      removeEmptyState();
      var msg = el("div", "sm-msg sm-assistant");
      var bubble = el("div", "sm-bubble");
      var body = el("div", "sm-body");
      var typing = el("div", "sm-typing");
      typing.setAttribute("aria-label", "Assistant is typing");
      typing.append(el("span"), el("span"), el("span"));
      body.appendChild(typing);
      bubble.appendChild(body);
      msg.appendChild(bubble);
      msg.setAttribute("aria-busy", "true");
      transcript.appendChild(msg);
      scroll();
      return { msg: msg, bubble: bubble, body: body, text: "" };
    }

    function renderProducts(shell, products) {
      if (!products || !products.length) return;
      var list = el("div", "sm-cards");
      products.forEach(function (p) { list.appendChild(productCard(p)); });
      shell.msg.insertBefore(list, shell.bubble.nextSibling);
      scroll();
    }

    function productCard(p) {
      var card = el("article", "sm-card");
      card.setAttribute("data-product-id", p.id);
      var head = el("header", "sm-card-head");
      head.appendChild(el("h4", "sm-card-name", p.name));
      head.appendChild(el("span", "sm-card-price", formatPrice(p.price, p.currency)));
      card.appendChild(head);
      var meta = el("p", "sm-card-meta", [p.brand, p.category].filter(Boolean).join(" · "));
      card.appendChild(meta);
      var stock = el("span", "sm-stock " + (p.in_stock ? "sm-in" : "sm-out"), p.in_stock ? "In stock" : "Out of stock");
      card.appendChild(stock);
      var specs = el("dl", "sm-specs");
      card.appendChild(specs);
      if (p.reason) card.appendChild(el("p", "sm-card-reason", p.reason));
      var actions = el("div", "sm-card-actions");
      actions.appendChild(button("Tell me more", "sm-action", { "sm-say": "Tell me more about the " + p.name }));
      actions.appendChild(button("Compare", "sm-action sm-secondary", { "sm-compare": p.name }));
      card.appendChild(actions);
      // Key specs and the stock count come from the product itself (public catalog endpoint).
      api("/api/v1/products/" + encodeURIComponent(p.id), { headers: headers(false) })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (full) {
          if (!full) return;
          Object.keys(full.specs || {}).slice(0, 3).forEach(function (k) {
            specs.append(el("dt", null, k), el("dd", null, full.specs[k]));
          });
          if (full.in_stock) stock.textContent = full.stock <= 5 ? "Only " + full.stock + " left" : "In stock (" + full.stock + ")";
        })
        .catch(function () { /* the card is complete enough without specs */ });
      return card;
    }

    function renderSources(shell, sources) {
      if (!sources || !sources.length) return;
      var box = el("div", "sm-sources");
      box.appendChild(el("span", "sm-sources-label", "Sources"));
      var list = el("ol");
      sources.forEach(function (s, i) {
        var item = el("li");
        var title = (s.title || "Source " + (i + 1)) + (s.section ? " — " + s.section : "") + (s.page ? " (p. " + s.page + ")" : "");
        var link = s.url && SAFE_URI.test(s.url) ? el("a", null, title) : el("span", null, title);
        if (link.tagName === "A") { link.href = s.url; link.target = "_blank"; link.rel = "noopener noreferrer nofollow"; }
        if (s.snippet) link.title = s.snippet;
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
      shell.bubble.appendChild(box);
    }

    function renderChips(shell, actions) {
      var old = transcript.querySelectorAll(".sm-chips");
      old.forEach(function (c) { c.remove(); });
      if (!actions || !actions.length) return;
      var chips = el("div", "sm-chips");
      chips.setAttribute("aria-label", "Suggestions");
      actions.slice(0, 4).forEach(function (a) { chips.appendChild(button(a, "sm-chip", { "sm-say": a })); });
      shell.msg.appendChild(chips);
    }

    function renderFeedback(shell, messageId) {
      if (!messageId) return;
      shell.msg.setAttribute("data-message-id", messageId);
      var bar = el("div", "sm-feedback");
      var up = bar.appendChild(button(null, "sm-icon", { "sm-feedback": "up" }));
      up.innerHTML = THUMBS_UP; // constant markup, no model text
      up.setAttribute("aria-label", "Helpful answer");
      var down = bar.appendChild(button(null, "sm-icon", { "sm-feedback": "down" }));
      down.innerHTML = THUMBS_DOWN;
      down.setAttribute("aria-label", "Not helpful");
      bar.appendChild(button("Report inaccurate answer", "sm-link", { "sm-feedback": "report" }));
      shell.msg.appendChild(bar);
    }

    function renderError(shell, message, retryText) {
      shell.msg.removeAttribute("aria-busy");
      var typing = shell.body.querySelector(".sm-typing");
      if (typing) typing.remove();
      var box = el("div", "sm-error");
      box.setAttribute("role", "alert");
      box.appendChild(el("span", null, message));
      if (retryText) box.appendChild(button("Try again", "sm-link", { "sm-say": retryText }));
      shell.bubble.appendChild(box);
      scroll();
    }

    function renderNote(shell, text) {
      shell.bubble.appendChild(el("p", "sm-note", text));
    }

    async function start() {
      var persona = options.persona ? options.persona() : "";
      var response = await api("/api/v1/chat/start", {
        method: "POST", headers: headers(true), body: JSON.stringify(persona ? { persona_id: persona } : {}),
      });
      if (!response.ok) throw new Error(await problemOf(response));
      var started = await response.json();
      if (started.session_token && options.token) options.token.set(started.session_token);
      state.conversationId = started.conversation_id;
      if (options.onConversation) options.onConversation(state.conversationId);
      return started;
    }

    function showGreeting(started) {
      removeEmptyState();
      var shell = renderAssistantShell();
      shell.msg.removeAttribute("aria-busy");
      shell.body.innerHTML = markdown(started.greeting);
      renderChips(shell, started.suggested_actions);
      scroll();
    }

    async function startNew() {
      transcript.innerHTML = "";
      state.conversationId = null;
      try {
        showGreeting(await start());
      } catch (e) {
        var shell = renderAssistantShell();
        renderError(shell, e.message || "Could not start a conversation.");
      }
    }

    // While an answer streams (or within the debounce) a send is refused; the composer keeps the text.
    function accepting() { return !state.busy && Date.now() - state.lastSubmit >= (input_.debounce_ms || 0); }

    async function send(text) {
      text = (text || "").trim();
      var now = Date.now();
      if (!text || !accepting()) return;
      state.lastSubmit = now;
      setBusy(true);
      var open = true;
      // The turn ends at the stream's done or error event, not when its connection closes: the composer is free at once
      // (the debounce guards double submits, not a message sent after the answer came).
      var endTurn = state.endTurn = function () {
        if (!open) return;
        open = false;
        state.streamId = null;
        state.lastSubmit = 0;
        setBusy(false);
        if (options.onTurnDone) options.onTurnDone();
        if (input) input.focus();
      };
      renderUser(text);
      var shell = renderAssistantShell();
      announce("Assistant is typing…");
      try {
        if (!state.conversationId) await start();
        var created = await api("/api/v1/streams", {
          method: "POST", headers: headers(true), body: JSON.stringify({ conversation_id: state.conversationId, message: text }),
        });
        if (!created.ok) {
          if (created.status === 401 || created.status === 404) state.conversationId = null; // session or conversation gone
          throw new Error(await problemOf(created));
        }
        var stream = await created.json();
        state.streamId = stream.stream_id;
        await consume(shell, stream.events_url, text);
      } catch (e) {
        renderError(shell, e.message || "Something went wrong.", text);
        announce("The answer failed.");
      } finally {
        endTurn();
      }
    }

    async function consume(shell, eventsUrl, text) {
      var lastId = null, finished = false, attempts = 0, pending = false;
      // events_url is a path that already holds the tenant and agent prefix; the widget adds the app's origin.
      var url = /^https?:/.test(eventsUrl) || !options.apiBase ? eventsUrl : new URL(options.apiBase).origin + eventsUrl;
      function paint() {
        pending = false;
        shell.body.innerHTML = markdown(shell.text);
        scroll();
      }
      while (!finished && attempts < 4) {
        attempts++;
        var h = headers(false);
        h.Accept = "text/event-stream";
        if (lastId) h["Last-Event-ID"] = lastId;
        var response = await fetch(url, { headers: h, credentials: options.token ? "omit" : "same-origin" });
        if (!response.ok) throw new Error(await problemOf(response));
        await readSse(response, function (type, data, id) {
          if (id) lastId = id;
          if (type === "products") renderProducts(shell, data.products);
          else if (type === "sources") renderSources(shell, data.sources);
          else if (type === "token") {
            shell.text += data.text || "";
            if (!pending) { pending = true; requestAnimationFrame(paint); }
          } else if (type === "done") {
            finished = true;
            paint();
            shell.msg.removeAttribute("aria-busy");
            renderChips(shell, data.suggested_actions);
            renderFeedback(shell, data.message_id);
            announce("Answer complete.");
            state.endTurn();
            return false;
          } else if (type === "error") {
            finished = true;
            paint();
            shell.msg.removeAttribute("aria-busy");
            if (data.code === "stopped") {
              renderNote(shell, "Stopped.");
              announce("Answer stopped.");
            } else {
              renderError(shell, data.message || "The answer could not be finished.", data.retryable ? text : null);
            }
            state.endTurn();
            return false;
          }
        });
      }
      if (!finished) throw new Error("The connection dropped before the answer was finished.");
    }

    async function stop() {
      if (!state.streamId) return;
      var id = state.streamId;
      if (stopButton) stopButton.disabled = true;
      try {
        await api("/api/v1/streams/" + encodeURIComponent(id) + "/cancel", { method: "POST", headers: headers(true), body: "{}" });
      } finally {
        if (stopButton) stopButton.disabled = false;
      }
    }

    async function feedback(target) {
      var msg = target.closest("[data-message-id]");
      if (!msg) return;
      var kind = target.getAttribute("data-sm-feedback");
      var bar = target.closest(".sm-feedback");
      if (kind === "report" && !bar.querySelector("form")) {
        var f = el("form", "sm-report");
        var label = el("label", null, "What was wrong? (optional)");
        var box = el("input");
        box.name = "comment";
        box.maxLength = 1000;
        label.appendChild(box);
        f.appendChild(label);
        var submit = el("button", "sm-action", "Send report");
        submit.type = "submit";
        f.appendChild(submit);
        f.addEventListener("submit", function (e) {
          e.preventDefault();
          post({ rating: "none", inaccurate: true, comment: box.value }, "Thanks — the shop's team will review this answer.");
        });
        bar.appendChild(f);
        box.focus();
        return;
      }
      if (kind === "up" || kind === "down") {
        bar.querySelectorAll("[data-sm-feedback]").forEach(function (b) { b.removeAttribute("aria-pressed"); });
        target.setAttribute("aria-pressed", "true");
        post({ rating: kind }, kind === "up" ? "Thanks for the feedback." : "Thanks — we'll use this to improve.");
      }
      async function post(body, thanks) {
        var response = await api("/api/v1/chat/messages/" + msg.getAttribute("data-message-id") + "/feedback", {
          method: "POST", headers: headers(true), body: JSON.stringify(body),
        });
        var note = bar.querySelector(".sm-thanks") || bar.appendChild(el("span", "sm-thanks"));
        note.textContent = response.ok ? thanks : await problemOf(response);
        var form = bar.querySelector("form");
        if (form && response.ok) form.remove();
      }
    }

    /** Re-renders a stored conversation (the widget after a page load). */
    async function load(conversationId) {
      var response = await api("/api/v1/chat/" + encodeURIComponent(conversationId) + "/messages", { headers: headers(false) });
      if (!response.ok) return false;
      var data = await response.json();
      transcript.innerHTML = "";
      state.conversationId = conversationId;
      var last = null;
      data.messages.forEach(function (m) {
        if (m.role === "user") { renderUser(m.content); return; }
        if (m.role !== "assistant") return;
        var shell = renderAssistantShell();
        shell.msg.removeAttribute("aria-busy");
        shell.body.innerHTML = markdown(m.content);
        renderProducts(shell, (m.products || []).map(function (p) { return Object.assign({ in_stock: true }, p); }));
        renderSources(shell, m.sources);
        if (m.status === "stopped") renderNote(shell, "Stopped.");
        if (data.messages.indexOf(m) > 0) renderFeedback(shell, m.id);
        last = { shell: shell, actions: m.suggested_actions };
      });
      if (last) renderChips(last.shell, last.actions);
      return true;
    }

    // Events: submit, keyboard shortcut, stop, clear, and clicks on chips, card actions and feedback (also on
    // server-rendered messages, which use the same data attributes).
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (!accepting()) return;
        var text = input.value;
        input.value = "";
        send(text);
      });
    }
    if (input) {
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || e.isComposing) return;
        var submitOnEnter = input_.submit_shortcut === "enter" || input_.enter_inserts_newline === false;
        if ((e.ctrlKey || e.metaKey) || (submitOnEnter && !e.shiftKey)) {
          e.preventDefault();
          form.requestSubmit();
        }
      });
    }
    if (stopButton) stopButton.addEventListener("click", stop);
    var clearButton = q("clear");
    if (clearButton) {
      clearButton.addEventListener("click", function () {
        transcript.innerHTML = "";
        var empty = el("p", "sm-empty", "Pane cleared. Your conversation is still saved in the history.");
        empty.setAttribute("data-sm-empty", "");
        transcript.appendChild(empty);
        announce("Chat pane cleared.");
      });
    }
    root.addEventListener("click", function (e) {
      var target = e.target.closest ? e.target.closest("button") : null;
      if (!target || !root.contains(target)) return;
      if (target.hasAttribute("data-sm-say")) {
        send(target.getAttribute("data-sm-say"));
      } else if (target.hasAttribute("data-sm-compare")) {
        var name = target.getAttribute("data-sm-compare");
        if (state.compare && state.compare !== name) {
          var first = state.compare;
          state.compare = null;
          root.querySelectorAll(".sm-card.sm-picked").forEach(function (c) { c.classList.remove("sm-picked"); });
          send("Compare the " + first + " and the " + name);
        } else {
          state.compare = name;
          target.closest(".sm-card").classList.add("sm-picked");
          announce("Picked " + name + " to compare. Choose a second product.");
          target.textContent = "Picked — choose another";
        }
      } else if (target.hasAttribute("data-sm-feedback")) {
        feedback(target);
      }
    });

    /** Starts a conversation (and with it the chat session) unless there is one already. */
    async function ensureConversation() {
      if (!state.conversationId) showGreeting(await start());
    }

    return {
      send: send, stop: stop, startNew: startNew, load: load, ensureConversation: ensureConversation,
      get conversationId() { return state.conversationId; },
      set conversationId(id) { state.conversationId = id; },
    };
  }

  return { create: create, markdown: markdown, readSse: readSse };
})();
