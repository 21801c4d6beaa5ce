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
  document.documentElement.classList.add("sm-js");
  var transcript = root.querySelector("[data-sm-transcript]");
  transcript.scrollTop = transcript.scrollHeight;
});
