using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;
using ChatSettings = SalesMate.Config.ChatOptions;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// Answers with a hosted model through <see cref="IChatClient"/>, grounded by catalog tools. Each call may ask for
/// tools (at most <see cref="MaxToolRounds"/> rounds); the call after the last allowed round may not, so the answer
/// always ends in text. Every call is streamed: the first text chunk commits the answer, and the products sent with it
/// are the ones the tools returned, never parsed from the model's text.
/// </summary>
/// <remarks>
/// Order of updates: <see cref="IntentUpdate"/> (rules parser), <see cref="ProductsUpdate"/> (after the tools, just
/// before the first text), <see cref="TextDelta"/> per chunk, <see cref="ReplyCompleted"/>. A failure before the first
/// text throws with nothing but the intent yielded, so <see cref="GatewaySalesResponder"/> can fall back cleanly.
/// </remarks>
public sealed class LlmSalesResponder(
    IChatClient client,
    LocalSalesResponder local,
    RecommendationEngine engine,
    IOptions<LlmOptions> llmOptions,
    IOptions<ChatSettings> chatOptions,
    ITenantContext tenant,
    ILogger<LlmSalesResponder>? logger = null,
    Gateway.LlmPriceTable? prices = null,
    Classification.StructuredClassifier? classifier = null) : ISalesResponder
{
    public const int MaxToolRounds = 3;

    private readonly ILogger _logger = logger ?? NullLogger<LlmSalesResponder>.Instance;

    public string Name => "llm";

    /// <summary>Estimated tokens (chars/4) of earlier messages sent with each turn; the oldest are dropped first.</summary>
    public int HistoryTokenBudget { get; init; } = 2000;

    private int Limit => chatOptions.Value.MaxProducts;

    public async IAsyncEnumerable<ResponderUpdate> StreamAsync(ResponderContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var knowledge = context.Knowledge;
        if (knowledge is { HasPassages: false })
        {
            // Nothing relevant was retrieved: the honest "I don't know" needs no model, and a model could only guess.
            await foreach (var update in local.Respond(context).AsUpdates(cancellationToken))
            {
                yield return update;
            }
            yield break;
        }
        var parsed = context.Catalog.Parser.Parse(context.Message);
        // A knowledge question is answered from its passages; otherwise the sales pipeline's intent, else
        // llm.structured_classification: the model's validated intent (the rules' when the model fails).
        var intent = knowledge is not null ? Rag.Answers.KnowledgeQuestionDetector.Intent
            : context.Intent ?? (classifier is { Enabled: true }
            ? (await classifier.ClassifyAsync(context.Message, context.Catalog.Vocabulary, tenant.TenantId, context.ConversationId, cancellationToken)).Intent
            : IntentOf(parsed));
        yield return new IntentUpdate(intent);

        // The local rules merge this message's filters into the conversation's (new topic, budget in the catalog
        // currency) exactly as a keyless turn would, without composing a local answer; the model sees them and the new
        // state keeps them.
        var filters = local.Filters(context);
        var lastShown = context.State.LastShownProductIds.Select(context.Catalog.Find).OfType<Product>().ToList();
        // Dropped at the answer's first text (no tool round follows), so an open stream does not hold the prompt.
        var messages = new Gateway.PromptMessages(SalesPrompt.Build(context with { State = filters }, lastShown, ConversationSummary(context), HistoryTokenBudget, Limit));
        Utils.TurnTimeline.Mark("llm.prompt_built");
        var tools = new CatalogTools(context.Catalog, engine, context.Shopper, Limit, ShopperConstraints.Of(filters));
        // Each round gets its own options (the gateway keeps them while the call streams); only the model is kept here.
        var requestedModel = ModelOf(context);
        var usage = new UsageTally(prices);
        var answer = new StringBuilder();
        var started = false;
        // Citation markers are checked as the text streams, so a [n] that names no retrieved passage is never shown.
        var markers = knowledge is null ? null : new Rag.Answers.CitationMarkers.StreamFilter(knowledge.Passages.Count);
        IReadOnlyList<Recommendation> products = [];
        string? model = null;
        if (llmOptions.Value.PrefetchTools && knowledge is null)
        {
            products = Prefetch(context, filters, tools, messages);
        }

        for (var round = 0; ; round++)
        {
            var options = Options(context);
            options.ToolMode = round < MaxToolRounds ? ChatToolMode.Auto : ChatToolMode.None;
            var calls = new List<FunctionCallContent>();
            var outputChars = 0;
            UsageDetails? reported = null;
            var sentChars = UsageTally.MessageChars(messages);
            Utils.TurnTimeline.Mark("llm.round_call");
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                model = update.ModelId ?? model;
                for (var i = 0; i < update.Contents.Count; i++)
                {
                    switch (update.Contents[i])
                    {
                        case FunctionCallContent call:
                            calls.Add(call);
                            outputChars += call.Name.Length + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0);
                            break;
                        case UsageContent u:
                            (reported ??= new UsageDetails()).Add(u.Details);
                            break;
                    }
                }
                var text = update.Text;
                if (text.Length == 0 || (!started && string.IsNullOrWhiteSpace(text)))
                {
                    continue;
                }
                if (!started)
                {
                    started = true;
                    messages.Release();
                    yield return new ProductsUpdate(products);
                    yield return new SourcesUpdate(knowledge?.Sources ?? []);
                }
                outputChars += text.Length;
                var shown = markers is null ? text : markers.Push(text);
                if (shown.Length > 0)
                {
                    answer.Append(shown);
                    yield return new TextDelta(shown);
                }
            }
            usage.Add(reported, sentChars, options, outputChars);

            if (started || calls.Count == 0 || round >= MaxToolRounds)
            {
                if (started && calls.Count > 0)
                {
                    _logger.LogWarning("Model asked for {ToolCallCount} tool calls after answering; they were not run", calls.Count);
                }
                break;
            }
            Utils.TurnTimeline.Mark("llm.round_end");
            messages.Add(new ChatMessage(ChatRole.Assistant, [.. calls]));
            var results = new List<AIContent>();
            var found = new List<Recommendation>();
            foreach (var call in calls)
            {
                var outcome = tools.Execute(call);
                results.Add(outcome.Result);
                found.AddRange(outcome.Products);
            }
            messages.Add(new ChatMessage(ChatRole.Tool, results));
            if (found.Count > 0)
            {
                // The cards are what the latest tool round found (an empty later search keeps the earlier results).
                products = found.DistinctBy(r => r.Product.Id).Take(Limit).ToList();
            }
            Utils.TurnTimeline.Mark("llm.tools_run");
        }

        if (!started)
        {
            throw new InvalidOperationException("The model ended its answer without any text.");
        }
        if (markers?.Flush() is { Length: > 0 } rest)
        {
            answer.Append(rest);
            yield return new TextDelta(rest);
        }
        var answerText = answer.ToString();
        var state = filters with
        {
            LastShownProductIds = products.Count > 0 ? products.Select(p => p.Product.Id).ToList() : context.State.LastShownProductIds,
            LastIntent = intent,
            ProductsViewedCount = context.State.ProductsViewedCount + products.Count,
        };
        var reply = new ResponderReply(answerText, products, intent, AnswerText.Chips(products, intent),
            products.Count > 0 ? 0.85 : 0.7, state)
        {
            Responder = Name,
            Model = model ?? requestedModel,
            Usage = usage.ToUsage(),
            Sources = knowledge is null ? [] : Rag.Answers.CitationMarkers.Cited(answerText, knowledge.Passages.Count)
                .Select(n => knowledge.Sources[n - 1]).ToList(),
        };
        yield return new ReplyCompleted(reply);
    }

    /// <summary>
    /// The lookup the rules understood, put into the first request as the model's own call and result, so the model can
    /// answer in one call; its products are the cards unless the model looks again. Not an iterator's locals: an open
    /// stream does not keep the call and its result after the prompt is released.
    /// </summary>
    private IReadOnlyList<Recommendation> Prefetch(ResponderContext context, ConversationState filters, CatalogTools tools,
        Gateway.PromptMessages messages)
    {
        if (local.LookupFor(context, filters) is not { } lookup)
        {
            return [];
        }
        var outcome = tools.Execute(lookup);
        messages.Add(new ChatMessage(ChatRole.Assistant, [lookup]));
        messages.Add(new ChatMessage(ChatRole.Tool, [outcome.Result]));
        Utils.TurnTimeline.Mark("llm.tools_prefetched");
        return outcome.Products.Take(Limit).ToList();
    }

    /// <summary>The rolling conversation summary (conversation_summaries) of the messages older than the history sent.</summary>
    private static string? ConversationSummary(ResponderContext context) => context.Summary;

    private string? ModelOf(ResponderContext context) =>
        (context.Overrides.Model ?? llmOptions.Value.Model) is { } model && !string.IsNullOrWhiteSpace(model) ? model : null;

    private AiChatOptions Options(ResponderContext context)
    {
        var llm = llmOptions.Value;
        return new AiChatOptions
        {
            ModelId = ModelOf(context),
            Temperature = (float)(context.Overrides.Temperature ?? llm.Temperature),
            MaxOutputTokens = context.MaxOutputTokens ?? context.Overrides.MaxTokens ?? llm.MaxTokens,
            Tools = [.. CatalogToolDeclarations.All],
        }.For(tenant.TenantId, context.ConversationId, LlmPurposes.Chat).DeferAccountingTo(context.Accounting);
    }

    internal static string IntentOf(ParsedQuery parsed) => parsed switch
    {
        { SmallTalk: SmallTalkKind.Thanks, IsVague: true } => Intents.Thanks,
        { SmallTalk: SmallTalkKind.Goodbye, IsVague: true } => Intents.Goodbye,
        { SmallTalk: SmallTalkKind.Greeting, IsVague: true } => Intents.Greeting,
        { FollowUp: FollowUpKind.Compare } => Intents.Comparison,
        { FollowUp: FollowUpKind.MoreAbout or FollowUpKind.ProductQuestion } => Intents.ProductDetail,
        { FollowUp: FollowUpKind.Cheaper or FollowUpKind.Better } => Intents.BudgetAlternative,
        _ => Intents.ProductSearch,
    };

    /// <summary>Sums provider-reported usage over the turn's calls; a call without a report is estimated (chars/4).</summary>
    /// <remarks>Each call is priced with the same table and inputs as its llm_requests row, so the turn's cost equals their sum.</remarks>
    private sealed class UsageTally(Gateway.LlmPriceTable? prices)
    {
        private long _prompt;
        private long _completion;
        private decimal _cost;
        private bool _estimated;

        /// <summary>The estimate's count of the characters sent, taken before the call (the prompt is dropped while it streams).</summary>
        public static int MessageChars(IReadOnlyList<ChatMessage> sent)
        {
            var chars = 0;
            for (var i = 0; i < sent.Count; i++)
            {
                var contents = sent[i].Contents;
                for (var j = 0; j < contents.Count; j++)
                {
                    chars += contents[j] switch
                    {
                        TextContent t => t.Text.Length,
                        FunctionResultContent r => r.Result?.ToString()?.Length ?? 0,
                        FunctionCallContent f => f.Name.Length + (f.Arguments?.Count ?? 0) * 16,
                        _ => 0,
                    };
                }
            }
            return chars;
        }

        public void Add(UsageDetails? reported, int sentChars, AiChatOptions options, int outputChars)
        {
            if (reported?.InputTokenCount is { } input && reported.OutputTokenCount is { } output)
            {
                _prompt += input;
                _completion += output;
                if (prices?.Find(options.ModelId) is { } price)
                {
                    _cost += Gateway.LlmPriceTable.Cost(price, input, output);
                }
                return;
            }
            _estimated = true;
            var chars = sentChars + (options.Tools?.OfType<AIFunctionDeclaration>().Sum(t => t.JsonSchema.GetRawText().Length + (t.Description?.Length ?? 0)) ?? 0);
            _prompt += (chars + 3) / 4;
            _completion += (outputChars + 3) / 4;
        }

        public LlmUsage ToUsage() => new((int)Math.Min(int.MaxValue, _prompt), (int)Math.Min(int.MaxValue, _completion), _cost, _estimated);
    }
}
