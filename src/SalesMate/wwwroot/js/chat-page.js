// Boots the chat page: the shared client (chat-core.js) on the server-rendered markup, with the cookie session.
document.addEventListener("DOMContentLoaded", function () {
  var root = document.querySelector("[data-sm-chat]");
  if (!root) return;
  var config = JSON.parse(root.getAttribute("data-config"));
  var persona = document.getElementById("sm-persona");
  var chat = SalesMateChat.create({
    root: root,
    apiBase: config.api_base,
    input: config.input,
    conversationId: config.conversation_id,
    persona: function () { return persona ? persona.value : ""; },
    onConversation: function (id) { history.replaceState(null, "", config.page_url + "?c=" + id); },
    onTurnDone: function () { if (window.htmx) htmx.trigger(document.body, "sm:refresh"); },
  });
  if (persona) {
    persona.addEventListener("change", function () {
      chat.startNew().then(function () { if (window.htmx) htmx.trigger(document.body, "sm:refresh"); });
    });
  }
  contribute(chat, document.querySelector("[data-sm-contribute-form]"));
  document.documentElement.classList.add("sm-js");
  var transcript = root.querySelector("[data-sm-transcript]");
  transcript.scrollTop = transcript.scrollHeight;
});

// "Share what you know": POST /api/v1/contributions as JSON with the page's chat session (or the signed-in account).
// A visitor who has not chatted yet has no session: starting the conversation creates it, then the form is sent again.
function contribute(chat, form) {
  if (!form) return;
  var error = form.querySelector("[data-sm-contribute-error]");
  var done = form.parentElement.querySelector("[data-sm-contribute-done]");
  var button = form.querySelector("button[type=submit]");
  function post() {
    return fetch(form.getAttribute("action"), {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ title: form.elements.title.value, text: form.elements.text.value }),
    });
  }
  async function problem(response) {
    var body = {};
    try { body = await response.json(); } catch (e) { /* not JSON */ }
    if (response.status === 429) return "You have sent a lot of contributions. Try again in " + (response.headers.get("Retry-After") || "a few") + " seconds.";
    var detail = body.errors ? Object.values(body.errors).flat().join(" ") : "";
    return detail || body.detail || body.title || "The contribution could not be sent (" + response.status + ").";
  }
  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    error.hidden = true;
    done.hidden = true;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      var response = await post();
      if (response.status === 401) {
        await chat.ensureConversation();
        response = await post();
      }
      if (!response.ok) throw new Error(await problem(response));
      form.reset();
      done.textContent = "Thank you! Your contribution is waiting for review.";
      done.hidden = false;
    } catch (x) {
      error.textContent = x.message || "The contribution could not be sent.";
      error.hidden = false;
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
}
