using System.CommandLine;
using SalesMate.Repositories;
using SalesMate.Services.Conversations;
using Spectre.Console;

namespace SalesMate.Cli;

/// <summary>A terminal chat with the same assistant as the web, for demos and newcomers. Reads stdin line by line when piped.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var persona = new Option<string?>("--persona") { Description = "Shopper persona code (e.g. gamer); 'none' for no persona. Asked interactively when omitted." };
        var command = new Command("chat", "Chat with the sales assistant in the terminal. Type /quit to leave.") { persona };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var personaCode = parse.GetValue(persona) ?? await PickPersonaAsync(host, cancellationToken);
            if (personaCode == "none")
            {
                personaCode = null;
            }

            var sessions = host.Get<SessionManager>();
            var chat = host.Get<ChatService>();
            var (session, _) = sessions.Create();
            var start = await chat.StartAsync(session, personaCode, cancellationToken);
            AnsiConsole.MarkupLine($"[bold blue]Assistant:[/] {Render(start.Greeting.Content)}");

            while (!cancellationToken.IsCancellationRequested)
            {
                if (!Console.IsInputRedirected)
                {
                    AnsiConsole.Markup("[bold green]You:[/] ");
                }
                var line = await Console.In.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "/quit" or "/exit")
                {
                    break;
                }
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                if (Console.IsInputRedirected)
                {
                    AnsiConsole.MarkupLine($"[bold green]You:[/] {Markup.Escape(line)}");
                }
                var turn = await chat.SendAsync(session, start.Conversation.Id, line, cancellationToken);
                AnsiConsole.MarkupLine($"[bold blue]Assistant:[/] {Render(turn.Reply.Answer)}");
                if (turn.Reply.Products.Count > 0)
                {
                    var table = new Table().AddColumns("#", "Product", "Brand", "Price", "Stock");
                    var i = 1;
                    foreach (var pick in turn.Reply.Products)
                    {
                        table.AddRow($"{i++}", Markup.Escape(pick.Product.Name), Markup.Escape(pick.Product.Brand),
                            Markup.Escape(Services.Products.Money.Format(pick.Product.Price, pick.Product.Currency)),
                            pick.Product.Stock > 0 ? pick.Product.Stock.ToString(System.Globalization.CultureInfo.InvariantCulture) : "[red]out[/]");
                    }
                    AnsiConsole.Write(table);
                }
                foreach (var source in turn.Reply.Sources)
                {
                    var where = string.Join(", ", new[] { source.Page is { } page ? $"page {page}" : null, source.Section }.OfType<string>());
                    AnsiConsole.MarkupLine($"[grey][[{source.Number}]] {Markup.Escape(source.Title)}{(where.Length > 0 ? Markup.Escape($" ({where})") : "")}[/]");
                }
                if (turn.Reply.SuggestedActions.Count > 0)
                {
                    AnsiConsole.MarkupLine($"[grey]Try: {Markup.Escape(string.Join(" | ", turn.Reply.SuggestedActions))}[/]");
                }
            }
            return 0;
        });
        return command;
    }

    private static async Task<string?> PickPersonaAsync(CliHost host, CancellationToken cancellationToken)
    {
        var personas = await host.Get<PersonaRepository>().ShoppersAsync(cancellationToken);
        if (Console.IsInputRedirected || personas.Count == 0)
        {
            return null;
        }
        var choice = await new SelectionPrompt<string>()
            .Title("Chat as which shopper persona?")
            .AddChoices(["none", .. personas.Select(p => $"{p.Code}: {p.Name}")])
            .ShowAsync(AnsiConsole.Console, cancellationToken);
        return choice.Split(':')[0];
    }

    /// <summary>Markdown bold to terminal bold; everything else printed as text.</summary>
    private static string Render(string markdown)
    {
        var escaped = Markup.Escape(markdown);
        var parts = escaped.Split("**");
        return string.Concat(parts.Select((part, i) => i % 2 == 1 ? $"[bold]{part}[/]" : part));
    }
}
