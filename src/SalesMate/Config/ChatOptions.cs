using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>chat</c> (seed 003).</summary>
public sealed class ChatOptions
{
    public const string Section = "chat";
    public static readonly string[] SubmitShortcuts = ["ctrl+enter", "enter"];

    [ConfigurationKeyName("inactivity_minutes")]
    public int InactivityMinutes { get; set; } = 30;

    [ConfigurationKeyName("max_message_chars")]
    public int MaxMessageChars { get; set; } = 4000;

    /// <summary>How many products an answer shows at most.</summary>
    [ConfigurationKeyName("max_products")]
    public int MaxProducts { get; set; } = 3;

    /// <summary>An anonymous chat session without activity for this long is unknown (401) and is purged unless linked.</summary>
    [ConfigurationKeyName("session_ttl_days")]
    public int SessionTtlDays { get; set; } = 30;

    /// <summary>
    /// Memory for the newest messages of recently answered conversations (<see cref="Services.Conversations.RecentMessages"/>),
    /// so a turn does not read them again; 0 turns it off.
    /// </summary>
    [ConfigurationKeyName("recent_messages_cache_mb")]
    public int RecentMessagesCacheMb { get; set; } = 32;

    public ChatInputOptions Input { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (InactivityMinutes is < 1 or > 10_080)
        {
            yield return $"chat.inactivity_minutes must be between 1 and 10080; got {InactivityMinutes}.";
        }
        if (MaxMessageChars is < 1 or > 100_000)
        {
            yield return $"chat.max_message_chars must be between 1 and 100000; got {MaxMessageChars}.";
        }
        if (MaxProducts is < 1 or > 10)
        {
            yield return $"chat.max_products must be between 1 and 10; got {MaxProducts}.";
        }
        if (SessionTtlDays is < 1 or > 3650)
        {
            yield return $"chat.session_ttl_days must be between 1 and 3650; got {SessionTtlDays}.";
        }
        if (RecentMessagesCacheMb is < 0 or > 4096)
        {
            yield return $"chat.recent_messages_cache_mb must be between 0 and 4096; got {RecentMessagesCacheMb}.";
        }
        if (Input.DebounceMs is < 0 or > 5000)
        {
            yield return $"chat.input.debounce_ms must be between 0 and 5000; got {Input.DebounceMs}.";
        }
        if (!SubmitShortcuts.Contains(Input.SubmitShortcut))
        {
            yield return OptionErrors.NotOneOf("chat.input.submit_shortcut", Input.SubmitShortcut, SubmitShortcuts);
        }
    }
}

public sealed class ChatInputOptions
{
    [ConfigurationKeyName("debounce_ms")]
    public int DebounceMs { get; set; } = 250;

    [ConfigurationKeyName("submit_shortcut")]
    public string SubmitShortcut { get; set; } = "ctrl+enter";

    [ConfigurationKeyName("enter_inserts_newline")]
    public bool EnterInsertsNewline { get; set; } = true;
}
