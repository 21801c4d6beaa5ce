using System.Collections;
using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The messages of a model call that its owner can drop while the answer still streams. Every layer of the gateway
/// keeps a reference to the messages it was given for as long as the call is read; an open stream should not keep
/// the whole prompt (the system prompt alone is several KB), so the owner hands them over in this list and calls
/// <see cref="Release"/> once nothing can send them again: after the answer's first text no tool round follows,
/// retries happen only before the first token, and the accounting record took its copy when the call started.
/// </summary>
/// <remarks>Reading the list after <see cref="Release"/> throws, so a layer that would need them later fails loudly.</remarks>
public sealed class PromptMessages(List<ChatMessage> messages) : IList<ChatMessage>, IReadOnlyList<ChatMessage>
{
    private List<ChatMessage>? _messages = messages;

    public bool IsReleased => _messages is null;

    private List<ChatMessage> Items =>
        _messages ?? throw new InvalidOperationException("The prompt was released once the answer's first text arrived; it is no longer available.");

    public void Release() => _messages = null;

    public ChatMessage this[int index]
    {
        get => Items[index];
        set => Items[index] = value;
    }

    public int Count => Items.Count;

    public bool IsReadOnly => false;

    public void Add(ChatMessage item) => Items.Add(item);

    public void Clear() => Items.Clear();

    public bool Contains(ChatMessage item) => Items.Contains(item);

    public void CopyTo(ChatMessage[] array, int arrayIndex) => Items.CopyTo(array, arrayIndex);

    public List<ChatMessage>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<ChatMessage> IEnumerable<ChatMessage>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public int IndexOf(ChatMessage item) => Items.IndexOf(item);

    public void Insert(int index, ChatMessage item) => Items.Insert(index, item);

    public bool Remove(ChatMessage item) => Items.Remove(item);

    public void RemoveAt(int index) => Items.RemoveAt(index);
}
