using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SalesMate.Tests.Fakes;

/// <summary>Writes one scripted reply, as a plain JSON answer or as an SSE stream, faults included.</summary>
internal static class FakeOpenAiResponder
{
    public static async Task WriteAsync(HttpContext context, FakeOpenAiRequest request, FakeOpenAiReply reply, string requestedModel,
        CancellationToken cancellationToken)
    {
        var response = context.Response;
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }
        if (reply.Status != 200)
        {
            response.StatusCode = reply.Status;
            response.ContentType = "application/json";
            await response.WriteAsync(FakeOpenAiWire.Error(reply.Status).ToJsonString(), cancellationToken);
            return;
        }
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var model = reply.Model ?? requestedModel;
        if (!request.Stream)
        {
            await Wait(reply.FirstChunkDelay, cancellationToken);
            await (reply.FirstChunkGate ?? Task.CompletedTask).WaitAsync(cancellationToken);
            switch (reply.Fault)
            {
                case FakeFault.Abort:
                    context.Abort();
                    return;
                case FakeFault.Stall:
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return;
                case FakeFault.Malformed:
                    response.ContentType = "application/json";
                    await response.WriteAsync("{\"id\": \"" + id + "\", \"choices\": [ {not json", cancellationToken);
                    return;
            }
            response.ContentType = "application/json";
            await response.WriteAsync(FakeOpenAiWire.Completion(id, model, reply).ToJsonString(), cancellationToken);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken);
        await Send(response, FakeOpenAiWire.Chunk(id, model, new JsonObject { ["role"] = "assistant", ["content"] = "" }), cancellationToken);
        await Wait(reply.FirstChunkDelay, cancellationToken);
        await (reply.FirstChunkGate ?? Task.CompletedTask).WaitAsync(cancellationToken);
        for (var i = 0; i < reply.Chunks.Count; i++)
        {
            if (i > 0)
            {
                await Wait(reply.ChunkDelay, cancellationToken);
            }
            await Send(response, FakeOpenAiWire.Chunk(id, model, new JsonObject { ["content"] = reply.Chunks[i] }), cancellationToken);
        }
        if (reply.FaultGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }
        switch (reply.Fault)
        {
            case FakeFault.Abort:
                context.Abort();
                return;
            case FakeFault.Stall:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return;
            case FakeFault.Malformed:
                await SendRaw(response, "{\"id\": \"" + id + "\", \"object\": \"chat.completion.chunk\", \"choices\": [ {\"delta\": nope", cancellationToken);
                break;
        }
        foreach (var delta in FakeOpenAiWire.ToolCallDeltas(reply.ToolCalls))
        {
            await Send(response, FakeOpenAiWire.Chunk(id, model, delta), cancellationToken);
        }
        await Send(response, FakeOpenAiWire.Chunk(id, model, new JsonObject(), FakeOpenAiWire.FinishReason(reply)), cancellationToken);
        if (request.IncludeUsage && reply.Usage is { } usage)
        {
            await Send(response, FakeOpenAiWire.UsageChunk(id, model, usage), cancellationToken);
        }
        await SendRaw(response, "[DONE]", cancellationToken);
    }

    private static Task Send(HttpResponse response, JsonObject chunk, CancellationToken cancellationToken) =>
        SendRaw(response, chunk.ToJsonString(), cancellationToken);

    private static async Task SendRaw(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {data}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static Task Wait(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
}
