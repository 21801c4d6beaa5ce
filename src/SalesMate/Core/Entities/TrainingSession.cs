namespace SalesMate.Core.Entities;

/// <summary>A conversation of the trainer agent in training or role-play mode (seed 004), with its score report once scored.</summary>
public sealed class TrainingSession : ITenantOwned
{
    public const string Training = "training";
    public const string RolePlay = "roleplay";
    public static readonly string[] Modes = [Training, RolePlay];

    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ConversationId { get; set; }

    /// <summary>training (expert trainer) or roleplay (the assistant is a customer).</summary>
    public required string Mode { get; set; }

    /// <summary>Role-play objection profile: price_sensitive, skeptical or in_a_hurry; null in training mode.</summary>
    public string? Profile { get; set; }

    /// <summary>The score report (JSON) once the role-play was scored; scoring again replaces it.</summary>
    public string? Report { get; set; }
    public int? Score { get; set; }
    public DateTime? ScoredAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
