using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Llm;

namespace SalesMate.Services.OpenAiCompat;

/// <summary>
/// Turns a SalesMate turn (<see cref="TurnUpdate"/>s) into OpenAI objects: <c>chat.completion</c>, or the
/// <c>chat.completion.chunk</c> stream ending in <c>[DONE]</c>. Exceptions become OpenAI errors here too.
/// </summary>
public static class CompletionMapper
{
    /// <summary>The SSE data line that ends an OpenAI stream.</summary>
    public const string Done = "[DONE]";

    public static ChatCompletion Completion(CompletionPlan plan, TurnCompleted completed)
    {
        var (usage, estimated) = Usage(plan, completed.Reply);
        var message = new AssistantMessageOut("assistant", completed.Reply.Answer, null, []);
        return new ChatCompletion(plan.Id, "chat.completion", plan.Created, plan.Model, null,
            [new CompletionChoice(0, message, null, "stop")], usage, Extension(plan, completed, estimated));
    }

    /// <summary>
    /// The data lines of a streamed completion: a role chunk, one chunk per text delta, a <c>finish_reason: "stop"</c>
    /// chunk, the usage chunk (<c>choices: []</c>) when asked for, then <c>[DONE]</c>. The <c>salesmate</c> extension rides
    /// on the last chunk before <c>[DONE]</c>. A failure ends the stream with an <c>{"error": ...}</c> line and no <c>[DONE]</c>.
    /// </summary>
    public static async IAsyncEnumerable<string> ChunksAsync(CompletionPlan plan, IAsyncEnumerable<TurnUpdate> updates, ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Chunk(plan, new ChunkDelta { Role = "assistant", Content = "" }, null);
        await using var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            TurnUpdate? update = null;
            OpenAiException? failure = null;
            try
            {
                if (await enumerator.MoveNextAsync())
                {
                    update = enumerator.Current;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            catch (Exception ex)
            {
                failure = ToOpenAi(ex, logger);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                yield break; // the client left; the partial answer is already stored as stopped
            }
            switch (update)
            {
                case TurnText text:
                    yield return Chunk(plan, new ChunkDelta { Content = text.Text }, null);
                    break;
                case TurnCompleted completed:
                    var (usage, estimated) = Usage(plan, completed.Reply);
                    var extension = Extension(plan, completed, estimated);
                    yield return OpenAiJson.Chunk(new ChatCompletionChunk(plan.Id, "chat.completion.chunk", plan.Created, plan.Model, null,
                        [new ChunkChoice(0, new ChunkDelta(), null, "stop")]) { Salesmate = plan.IncludeUsage ? null : extension }, plan.IncludeUsage);
                    if (plan.IncludeUsage)
                    {
                        yield return OpenAiJson.Chunk(new ChatCompletionChunk(plan.Id, "chat.completion.chunk", plan.Created, plan.Model, null, [])
                        {
                            Usage = usage,
                            Salesmate = extension,
                        }, includeUsage: true);
                    }
                    yield return Done;
                    yield break;
                case TurnFailed failed:
                    yield return Error(AssistantFailed(failed.Detail).Error);
                    yield break;
                case null:
                    yield return Error((failure ?? AssistantFailed("The assistant did not answer.")).Error);
                    yield break;
            }
        }
    }

    public static string Error(OpenAiError error) => JsonSerializer.Serialize(new OpenAiErrorBody(error), OpenAiJson.Options);

    public static OpenAiException AssistantFailed(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, detail, "server_error", "assistant_unavailable");

    /// <summary>What an exception means to an OpenAI client; unexpected ones are logged and answered without internals.</summary>
    public static OpenAiException ToOpenAi(Exception exception, ILogger logger)
    {
        switch (exception)
        {
            case OpenAiException openAi:
                return openAi;
            case RequestValidationException validation:
                var (field, messages) = validation.Errors.First();
                return OpenAiException.InvalidRequest(string.Join(" ", messages), field == "message" ? "messages" : field);
            case TextTooLongException tooLong:
                return OpenAiException.InvalidRequest(tooLong.Message, "messages", "string_above_max_length");
            case NotFoundException notFound:
                return new OpenAiException(StatusCodes.Status404NotFound, notFound.Message, "invalid_request_error", "not_found");
            case AssistantUnavailableException unavailable:
                return AssistantFailed(unavailable.Message);
            case ConflictException:
            case DbUpdateException update when WriteConflicts.IsConflict(update):
                // Two turns of one conversation at once (or two first requests of one user): OpenAI clients retry a 409.
                logger.LogWarning(exception, "OpenAI-compatible request conflicted with a concurrent write");
                return new OpenAiException(StatusCodes.Status409Conflict,
                    "Another request changed this conversation at the same time. Retry the request.", "invalid_request_error", "conflict");
            case var _ when UnstorableText.IsCause(exception):
                return OpenAiException.InvalidRequest(UnstorableText.Message, null);
            case BadHttpRequestException badRequest:
                return new OpenAiException(badRequest.StatusCode, badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is too large." : "The request could not be read.", "invalid_request_error", null);
            default:
                logger.LogError(exception, "OpenAI-compatible request failed");
                return new OpenAiException(StatusCodes.Status500InternalServerError,
                    "The server had an error while processing your request. The error has been logged.", "server_error", null);
        }
    }

    private static string Chunk(CompletionPlan plan, ChunkDelta delta, string? finishReason) =>
        OpenAiJson.Chunk(new ChatCompletionChunk(plan.Id, "chat.completion.chunk", plan.Created, plan.Model, null,
            [new ChunkChoice(0, delta, null, finishReason)]), plan.IncludeUsage);

    /// <summary>The responder's own token counts when it reports them; otherwise about 4 characters a token, flagged as estimated.</summary>
    private static (CompletionUsage Usage, bool Estimated) Usage(CompletionPlan plan, ResponderReply reply)
    {
        if (reply.Usage is { } usage)
        {
            return (new CompletionUsage(usage.PromptTokens, usage.CompletionTokens, usage.PromptTokens + usage.CompletionTokens), usage.Estimated);
        }
        var prompt = Estimate(plan.Turn.Message);
        var completion = Estimate(reply.Answer);
        return (new CompletionUsage(prompt, completion, prompt + completion), true);
    }

    private static int Estimate(string text) => text.Length == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(text.Length / 4.0));

    private static SalesMateExtension Extension(CompletionPlan plan, TurnCompleted completed, bool usageEstimated) => new(
        plan.Turn.ConversationId,
        completed.AssistantMessage.Id,
        completed.Reply.Intent,
        completed.Reply.Products.Select(p => new ProductCard(p.Product.Id, p.Product.Sku, p.Product.Name, p.Product.Brand,
            p.Product.Category, p.Product.Price, p.Product.Currency, p.Product.Stock > 0, p.Reason)).ToList(),
        [.. completed.Reply.SuggestedActions],
        usageEstimated,
        [.. completed.Reply.Sources]);
}
