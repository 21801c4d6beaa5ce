using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Repositories;
using SalesMate.Services.Conversations;
using SalesMate.Services.Tenancy;

namespace SalesMate.Web.Pages;

/// <summary>
/// The chat page (seed 003): history sidebar, server-rendered transcript of the chosen conversation (readable without
/// JavaScript), composer. With JavaScript, chat-core.js streams answers over SSE; without it, the form posts here and
/// the answer arrives with the next page.
/// </summary>
public sealed class IndexModel(SessionManager sessions, ConversationRepository conversations, AgentContext agent, PersonaRepository personas,
    PersonaDemoSwitch demo, ChatService chat, TranscriptBuilder transcripts) : PageModel
{
    public const int HistoryShown = 30;

    [BindProperty(SupportsGet = true, Name = "c")]
    public Guid? ConversationId { get; set; }

    public IReadOnlyList<ConversationListItem> History { get; private set; } = [];
    public IReadOnlyList<TranscriptMessage> Messages { get; private set; } = [];
    public IReadOnlyList<ShopperPersona> Personas { get; private set; } = [];
    public Guid? ActivePersonaId { get; private set; }
    public bool Missing { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The history list alone, for htmx to refresh the sidebar after a turn.</summary>
    public async Task<IActionResult> OnGetHistoryAsync(CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken);
        History = session is null ? [] : await conversations.ListForSessionAsync(session, HistoryShown, cancellationToken, agent.Name);
        return Partial("_History", this);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(HttpContext, cancellationToken);
        await conversations.DeleteForSessionAsync(session, id, cancellationToken, agent.Name);
        if (Request.Headers.ContainsKey("HX-Request"))
        {
            return Content("", "text/html");
        }
        return RedirectToPage("/Index", new { c = ConversationId == id ? null : ConversationId });
    }

    /// <summary>Without JavaScript: send the message, wait for the answer, show the page again.</summary>
    public async Task<IActionResult> OnPostSendAsync(string? message, string? persona, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken);
        if (session is null)
        {
            (session, var token) = sessions.Create();
            sessions.WriteCookie(HttpContext, token);
        }
        try
        {
            var conversationId = ConversationId;
            if (conversationId is null || await conversations.FindForSessionAsync(session, conversationId.Value, cancellationToken, agent.Name) is null)
            {
                conversationId = (await chat.StartAsync(session, string.IsNullOrWhiteSpace(persona) ? null : persona, cancellationToken)).Conversation.Id;
            }
            if (!string.IsNullOrWhiteSpace(message))
            {
                await chat.SendAsync(session, conversationId.Value, message, cancellationToken);
            }
            return RedirectToPage("/Index", new { c = conversationId });
        }
        catch (RequestValidationException ex)
        {
            Error = ex.Message;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (await demo.IsOnAsync(cancellationToken))
        {
            Personas = await personas.ShoppersAsync(cancellationToken);
        }
        var session = await sessions.FindAsync(SessionManager.TokenFrom(HttpContext), cancellationToken);
        if (session is null)
        {
            Missing = ConversationId is not null;
            return;
        }
        History = await conversations.ListForSessionAsync(session, HistoryShown, cancellationToken, agent.Name);
        if (ConversationId is not { } id)
        {
            return;
        }
        var conversation = await conversations.FindForSessionAsync(session, id, cancellationToken, agent.Name);
        if (conversation is null)
        {
            Missing = true;
            return;
        }
        ActivePersonaId = conversation.ShopperPersonaId;
        Messages = await transcripts.BuildAsync(await conversations.MessagesAsync(id, cancellationToken), cancellationToken);
    }
}
