using System.Text.Json;
using SalesMate.Core.Entities;
using SalesMate.Services.Conversations;
using SalesMate.Services.OpenAiCompat;

namespace SalesMate.Api.Routes;

/// <summary>
/// The assistant behind OpenAI's API shape, so OpenAI SDKs and tools can talk to it: <c>GET /v1/models</c>,
/// <c>GET /v1/models/{id}</c> and <c>POST /v1/chat/completions</c> (streamed or not). Every route needs
/// <c>Authorization: Bearer sm_...</c>; the key decides the tenant. Errors use OpenAI's <c>{"error": {...}}</c> shape,
/// never problem details.
/// </summary>
public static class OpenAiCompatibleEndpoints
{
    private const string LoggerName = "SalesMate.Api.Routes.OpenAiCompatibleEndpoints";

    public static IEndpointRouteBuilder MapOpenAiCompatibleEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").WithTags("OpenAI-compatible").AddEndpointFilter(AuthenticateAsync);
        v1.MapGet("/models", ListModels).WithName("OpenAiListModels");
        v1.MapGet("/models/{**id}", GetModel).WithName("OpenAiGetModel");
        v1.MapPost("/chat/completions", CreateChatCompletion).WithName("OpenAiCreateChatCompletion");
        return app;
    }

    public static async Task<IResult> ListModels(OpenAiChatService service, CancellationToken cancellationToken) =>
        Results.Json(await service.ModelsAsync(cancellationToken), OpenAiJson.Options);

    public static async Task<IResult> GetModel(string id, OpenAiChatService service, CancellationToken cancellationToken) =>
        Results.Json(await service.ModelAsync(id, cancellationToken), OpenAiJson.Options);

    public static async Task<IResult> CreateChatCompletion(HttpContext http, OpenAiChatService service, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var key = (ApiKey)http.Items[typeof(ApiKey)]!;
        var request = await ReadRequestAsync(http, cancellationToken);
        var plan = await service.PrepareAsync(key, request, http.Request.Headers[OpenAiChatService.ConversationHeader].FirstOrDefault(),
            cancellationToken);
        if (plan.Stream)
        {
            // The built-in SSE result writes each string as "data: <string>\n\n" (no event line), so "[DONE]" goes out
            // exactly as OpenAI sends it; it also sets text/event-stream, disables buffering and flushes every event.
            return TypedResults.ServerSentEvents(
                CompletionMapper.ChunksAsync(plan, service.GenerateAsync(plan, cancellationToken), loggers.CreateLogger(LoggerName), cancellationToken));
        }
        await foreach (var update in service.GenerateAsync(plan, cancellationToken))
        {
            switch (update)
            {
                case TurnCompleted completed:
                    return Results.Json(CompletionMapper.Completion(plan, completed), OpenAiJson.Options);
                case TurnFailed failed:
                    throw CompletionMapper.AssistantFailed(failed.Detail);
            }
        }
        throw CompletionMapper.AssistantFailed("The assistant did not answer.");
    }

    /// <summary>The body is read here rather than bound, so malformed JSON gets an OpenAI error instead of problem details.</summary>
    private static async Task<ChatCompletionRequest> ReadRequestAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(http.Request.Body, OpenAiJson.Options, cancellationToken)
                   ?? throw OpenAiException.InvalidRequest("The request body must be a JSON object.", null);
        }
        catch (JsonException json)
        {
            throw OpenAiException.InvalidRequest(
                $"We could not parse the JSON body of your request{(json.Path is { Length: > 0 } path ? $" (at {path})" : "")}. " +
                "The API expects a JSON object such as {\"model\": \"salesmate/sales-consultant\", \"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}.",
                null);
        }
    }

    /// <summary>
    /// Authenticates the key (which sets the scope's tenant), and answers every failure of the handler in OpenAI's error
    /// shape. Failures while a stream is being written are handled by <see cref="CompletionMapper.ChunksAsync"/>.
    /// </summary>
    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);
        try
        {
            var key = await http.RequestServices.GetRequiredService<ApiKeyService>()
                .AuthenticateAsync(http.Request.Headers.Authorization.FirstOrDefault(), http.RequestAborted);
            http.Items[typeof(ApiKey)] = key;
            using (logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = key.TenantId, ["KeyId"] = key.Id }))
            {
                return await next(context);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            var error = CompletionMapper.ToOpenAi(ex, logger);
            if (error.Status == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return Results.Json(new OpenAiErrorBody(error.Error), OpenAiJson.Options, statusCode: error.Status);
        }
    }
}
