/*
 * The voice page: talks to the trainer over the /api/v1/voice/live WebSocket (protocol in docs/API.md). Push-to-talk
 * (hold the button or the space bar) or hands-free (a pause ends the utterance); the microphone's WebM/Opus chunks go
 * out as binary frames, then utterance_end. The transcript and the answer text show as they arrive; each `audio`
 * message is followed by one binary audio file, queued for playback. Talking over the answer stops it (barge-in).
 * With an avatar provider (HeyGen), voice-avatar.js shows the talking avatar and it speaks each sentence instead of
 * our audio; if it cannot start or its stream drops, the built-in indicator and our audio take over again.
 * Needs voice-audio.js, and chat-core.js (with marked and DOMPurify) for the answer's Markdown.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var root = document.querySelector("[data-sm-voice]");
  if (!root) return;
  var config = JSON.parse(root.getAttribute("data-config"));
  var $ = function (name) { return root.querySelector("[data-sm-" + name + "]"); };
  var ui = {
    settings: $("voice-settings"), persona: $("persona"), handsFree: $("handsfree"), face: $("face"), avatarInfo: $("avatar-info"), video: $("avatar-video"),
    state: $("state"), talk: $("talk"), talkLabel: $("talk-label"), talkHelp: $("talk-help"), stopAnswer: $("stop-answer"),
    score: $("score"), error: $("error"), reconnect: $("reconnect"), log: $("transcript"), type: $("type"), report: $("report"),
  };
  var SPEECH_LEVEL = 0.02, SILENCE_MS = 900, PREROLL_MS = 3000, ECHO_FACTOR = 3;

  var mic = SalesMateVoiceAudio.createMicrophone();
  var player = SalesMateVoiceAudio.createPlayer(function (count) { ui.face.setAttribute("data-played", count); });
  var socket = null, hello = {}, mode = "training", conversationId = null;
  var answering = false, expectAudio = false, muted = false, talking = false, utterance = null, answer = null;
  var avatar = null; // the live talking avatar, while its video plays

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function setState(text) { ui.state.textContent = text; }

  function showError(text) {
    ui.error.textContent = text;
    ui.error.hidden = !text;
  }

  function send(data) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(typeof data === "string" || data instanceof Blob ? data : JSON.stringify(data));
  }

  // ---- transcript ----
  function addBubble(role, text) {
    var empty = $("empty");
    if (empty) empty.remove();
    var msg = el("div", "sm-msg sm-" + role);
    var bubble = el("div", "sm-bubble");
    var body = el("div", "sm-body", text);
    bubble.appendChild(body);
    msg.appendChild(bubble);
    ui.log.appendChild(msg);
    ui.log.scrollTop = ui.log.scrollHeight;
    return { msg: msg, bubble: bubble, body: body };
  }

  function appendAnswer(text) {
    if (!answer) answer = addBubble("assistant", "");
    answer.body.textContent += text;
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function finishAnswer(m) {
    if (!answer) answer = addBubble("assistant", "");
    answer.body.innerHTML = SalesMateChat.markdown(m.text); // sanitised, as in the chat
    answer.msg.setAttribute("data-message-id", m.message_id);
    if (m.sources && m.sources.length) {
      var box = el("div", "sm-sources");
      box.appendChild(el("span", "sm-sources-label", "Sources"));
      var list = el("ol");
      m.sources.forEach(function (s) { list.appendChild(el("li", null, s.title + (s.section ? " — " + s.section : ""))); });
      box.appendChild(list);
      answer.bubble.appendChild(box);
    }
    answer = null;
  }

  function endAnswer(note) {
    if (answer && note) answer.bubble.appendChild(el("p", "sm-note", note));
    answer = null;
    answering = false;
    ui.stopAnswer.disabled = true;
  }

  // ---- the socket ----
  function connect() {
    answering = expectAudio = muted = false;
    showError("");
    ui.reconnect.hidden = true;
    setState("Connecting…");
    socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + config.socket_path);
    socket.binaryType = "arraybuffer";
    socket.onmessage = onMessage;
    socket.onclose = function () {
      ui.talk.disabled = true;
      setState("Disconnected.");
      showError("The voice connection closed. Check that you are still signed in, then reconnect.");
      ui.reconnect.hidden = false;
      stopListening();
    };
  }

  /** A new conversation in the chosen mode, or (after a reconnect) the same one again. */
  function start(resume) {
    player.stop();
    if (answering) send({ type: "interrupt" });
    endAnswer(null);
    setState("Starting…");
    if (resume) return send({ type: "start", conversation_id: resume });
    ui.report.hidden = true;
    var roleplay = ui.settings.elements.mode.value === "roleplay";
    send({ type: "start", agent: "trainer", mode: roleplay ? "roleplay" : "training", persona: roleplay ? ui.persona.value : undefined });
  }

  function onMessage(e) {
    if (typeof e.data !== "string") {
      if (expectAudio && !muted && !avatar) player.enqueue(e.data);
      expectAudio = false;
      return;
    }
    var m = JSON.parse(e.data);
    switch (m.type) {
      case "hello": hello = m; start(conversationId); break;
      case "ready":
        if (m.conversation_id !== conversationId) ui.log.replaceChildren();
        conversationId = m.conversation_id;
        mode = m.mode;
        if (m.greeting) addBubble("assistant", m.greeting);
        ui.score.hidden = mode !== "roleplay";
        ui.talk.disabled = false;
        setState(mode === "roleplay" ? "Your customer is here. Answer their objection." : "Ready. Ask the trainer anything.");
        if (ui.handsFree.checked) startListening();
        break;
      case "transcript":
        addBubble("user", m.text || "(nothing heard)");
        setState("Thinking…");
        break;
      case "token": appendAnswer(m.text); break;
      case "audio":
        expectAudio = true;
        if (avatar && !muted) avatar.speak(m.text); // instead of our audio for this sentence
        break;
      case "done": finishAnswer(m); endAnswer(null); setState("Your turn."); break;
      case "interrupted":
        muted = false;
        if (m.reason !== "idle") endAnswer("Stopped.");
        break;
      case "stopped": player.stop(); endAnswer("Stopped."); break;
      case "error":
        if (answering) endAnswer(null);
        showError(m.detail || m.code);
        setState("Your turn.");
        break;
    }
  }

  /** The user talks over the answer: stop playing it, and ask the server to stop producing it. */
  function bargeIn() {
    if (!answering && !player.isPlaying()) return;
    player.stop();
    if (avatar) avatar.interrupt();
    muted = true; // until the server confirms, audio already on its way is stale
    send({ type: "interrupt" });
  }

  function turnStarted() {
    answering = true;
    ui.stopAnswer.disabled = false;
    showError("");
    setState("Thinking…");
  }

  // ---- utterances ----
  /** Records until ended; chunks are held back until the utterance is live (speech heard, or push-to-talk). */
  function beginUtterance(live) {
    var u = { chunks: [], live: false, started: performance.now(), lastLoud: 0, loudSince: null };
    u.stop = mic.record(function (blob) { if (u.live) send(blob); else u.chunks.push(blob); });
    utterance = u;
    if (live) goLive(u);
    return u;
  }

  function goLive(u) {
    bargeIn();
    u.live = true;
    u.liveAt = performance.now();
    u.chunks.forEach(send);
    u.chunks = [];
    showError("");
    setState("Listening…");
  }

  async function endUtterance(u) {
    if (utterance === u) utterance = null;
    await u.stop();
    if (!u.live) return;
    send({ type: "utterance_end" });
    turnStarted();
  }

  function micError(e) {
    var name = e && e.name;
    showError(name === "NotAllowedError" || name === "SecurityError"
      ? "Microphone permission was refused. Allow the microphone for this site in the browser, or type instead."
      : name === "NotFoundError" ? "No microphone was found. Connect one, or type instead."
      : "This browser cannot record audio here (it needs HTTPS or localhost). You can type instead.");
    setState("Microphone unavailable.");
  }

  async function startTalking() {
    if (talking || ui.handsFree.checked || ui.talk.disabled) return;
    talking = true;
    ui.talk.setAttribute("aria-pressed", "true");
    try {
      await mic.open();
    } catch (e) {
      talking = false;
      ui.talk.setAttribute("aria-pressed", "false");
      return micError(e);
    }
    if (talking) beginUtterance(true); else mic.close(); // released before the microphone opened
  }

  async function stopTalking() {
    if (!talking) return;
    talking = false;
    ui.talk.setAttribute("aria-pressed", "false");
    if (utterance) await endUtterance(utterance);
    mic.close();
  }

  // Hands-free: speech starts an utterance, a pause ends it; louder speech is needed while the answer plays (echo).
  var listenTimer = null;
  async function startListening() {
    if (listenTimer) return;
    try {
      await mic.open();
    } catch (e) {
      ui.handsFree.checked = false;
      updateTalkButton();
      return micError(e);
    }
    listenTimer = setInterval(listenTick, 50);
    setState("Listening — just speak; a pause sends it.");
  }

  function stopListening() {
    clearInterval(listenTimer);
    listenTimer = null;
    var u = utterance;
    var closing = u ? (u.live ? endUtterance(u) : u.stop()) : Promise.resolve(); // what was being said is still sent
    utterance = null;
    closing.then(function () { if (!talking && !listenTimer) mic.close(); });
  }

  function listenTick() {
    var now = performance.now();
    var u = utterance || beginUtterance(false);
    var threshold = player.isPlaying() ? SPEECH_LEVEL * ECHO_FACTOR : SPEECH_LEVEL;
    var loud = mic.level() > threshold;
    if (loud) u.lastLoud = now;
    if (!u.live) {
      u.loudSince = loud ? (u.loudSince || now) : null;
      if (u.loudSince && now - u.loudSince >= 150) goLive(u);
      else if (now - u.started > PREROLL_MS) { u.stop(); utterance = null; } // only silence so far: start afresh
    } else if (now - u.lastLoud > SILENCE_MS || now - u.liveAt > (hello.max_utterance_seconds || 30) * 1000 - 1000) {
      endUtterance(u);
    }
  }

  function updateTalkButton() {
    var handsFree = ui.handsFree.checked;
    ui.talk.hidden = handsFree;
    ui.talkHelp.textContent = handsFree ? "Hands-free: just speak; a pause of about a second sends it." : "Hold the button or the space bar while you speak.";
  }

  // ---- the speaking indicator, driven by the answer's audio level ----
  function animate() {
    var level = Math.min(1, player.level() * 5);
    ui.face.style.setProperty("--level", level.toFixed(3));
    var speaking = level > 0.05;
    if ((ui.face.getAttribute("data-speaking") === "true") !== speaking) {
      ui.face.setAttribute("data-speaking", speaking);
      if (speaking) ui.face.setAttribute("data-spoke", "true");
    }
    requestAnimationFrame(animate);
  }

  // ---- scoring and the avatar ----
  function post(path) {
    return fetch(path, { method: "POST", credentials: "same-origin", body: "{}",
      headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": config.csrf_token } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) throw new Error(body.detail || body.title || "HTTP " + r.status);
          return body;
        });
      });
  }

  function showReport(report) {
    $("report-score").textContent = report.score;
    $("report-summary").textContent = report.summary;
    $("report-knowledge").textContent = report.product_knowledge;
    var list = $("report-objections");
    list.replaceChildren();
    report.objections.forEach(function (o) {
      var item = el("li", o.addressed ? "sm-ok" : "sm-missed", (o.addressed ? "✓ " : "✗ ") + o.objection);
      if (o.evidence) item.appendChild(el("small", "sm-muted", " — “" + o.evidence + "”"));
      list.appendChild(item);
    });
    var c = report.compliance || { said: [], missing: [] };
    $("report-compliance").textContent = c.required && c.required.length
      ? "said " + (c.said.join(", ") || "none") + (c.missing.length ? "; missing " + c.missing.join(", ") : "")
      : "none required";
    ui.report.hidden = false;
    ui.report.focus();
  }

  ui.score.addEventListener("click", function () {
    bargeIn();
    ui.score.disabled = true;
    setState("Scoring…");
    post(config.score_path + conversationId + "/score")
      .then(function (report) { showReport(report); setState("Scored. Keep practising, or change the customer for a new role-play."); })
      .catch(function (e) { showError("Scoring failed: " + e.message); })
      .finally(function () { ui.score.disabled = false; });
  });

  var avatarModule = null;
  post(config.avatar_path).then(function (session) {
    if (!session.provider || session.provider === "none") return; // the built-in indicator stays
    ui.face.setAttribute("data-provider", session.provider);
    ui.avatarInfo.textContent = "Starting the " + session.provider + " avatar…";
    return import(config.avatar_module).then(function (module) {
      avatarModule = module;
      return module.start(session, ui.video, avatarLost);
    }).then(function (live) {
      avatar = live;
      ui.video.hidden = false;
      ui.face.hidden = true;
      ui.avatarInfo.textContent = "Avatar: " + session.provider + (session.avatar_id ? " (" + session.avatar_id + ")" : "");
    }, function (e) { avatarLost("the avatar could not start (" + describeAvatarError(e) + ")"); });
  }).catch(function (e) { avatarLost("no avatar session (" + e.message + ")"); });

  /** Back to the built-in indicator and our own audio, saying why in the status line. */
  function avatarLost(reason) {
    var lost = avatar;
    avatar = null;
    if (lost) lost.stop();
    ui.video.hidden = true;
    ui.video.srcObject = null;
    ui.face.hidden = false;
    ui.face.setAttribute("data-avatar-fallback", "true");
    ui.avatarInfo.textContent = "Built-in speaking indicator: " + reason + "; answers use our voice.";
  }

  function describeAvatarError(e) {
    return avatarModule ? avatarModule.describe(e) : (e && e.message) || "the avatar script did not load";
  }

  // ---- controls ----
  ui.settings.addEventListener("submit", function (e) { e.preventDefault(); });
  ui.settings.addEventListener("change", function (e) {
    if (e.target === ui.handsFree) {
      updateTalkButton();
      if (ui.handsFree.checked) startListening(); else stopListening();
      return;
    }
    ui.persona.disabled = ui.settings.elements.mode.value !== "roleplay";
    start(null);
  });
  ui.talk.addEventListener("pointerdown", function (e) { e.preventDefault(); ui.talk.setPointerCapture(e.pointerId); startTalking(); });
  ui.talk.addEventListener("pointerup", stopTalking);
  ui.talk.addEventListener("pointercancel", stopTalking);
  document.addEventListener("keydown", function (e) {
    if (e.code !== "Space" || e.repeat || e.target.closest("input, textarea, select, a, button:not([data-sm-talk])")) return;
    e.preventDefault();
    startTalking();
  });
  document.addEventListener("keyup", function (e) { if (e.code === "Space") stopTalking(); });
  ui.stopAnswer.addEventListener("click", bargeIn);
  ui.reconnect.addEventListener("click", connect);
  ui.type.addEventListener("submit", function (e) {
    e.preventDefault();
    var input = ui.type.elements.text;
    var text = input.value.trim();
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) return;
    bargeIn();
    addBubble("user", text);
    send({ type: "text", text: text });
    turnStarted();
    input.value = "";
  });
  // Browsers start audio only after a gesture on the page.
  document.addEventListener("pointerdown", function () { SalesMateVoiceAudio.context(); }, { once: true });
  document.addEventListener("keydown", function () { SalesMateVoiceAudio.context(); }, { once: true });

  updateTalkButton();
  connect();
  requestAnimationFrame(animate);
});
