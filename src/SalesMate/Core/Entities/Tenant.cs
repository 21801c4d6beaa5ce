namespace SalesMate.Core.Entities;

public sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public bool IsActive { get; set; } = true;
    public TenantSettings Settings { get; set; } = new();

    /// <summary>Bumped in the same transaction as every product write, so each instance knows when its catalog index is stale.</summary>
    public long CatalogVersion { get; set; }

    /// <summary>Bumped with every knowledge-base change, so in-memory vectors and cached answers of every instance know they are stale.</summary>
    public long KnowledgeVersion { get; set; }

    /// <summary>Bumped by database triggers on every persona write, so each instance knows when its cached personas are stale.</summary>
    public long PersonasVersion { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed record TenantSettings
{
    /// <summary>Currency of the tenant's catalog; budgets in other currencies are converted with the configured rates.</summary>
    public string Currency { get; init; } = "USD";
    public string? SalesRecipientEmail { get; init; }
    public List<string> AllowedOrigins { get; init; } = [];

    /// <summary>Monthly LLM spend limit in USD for this tenant; null uses llm.monthly_budget_usd.</summary>
    public decimal? MonthlyBudgetUsd { get; init; }

    /// <summary>This tenant's model settings; null falls back to llm.* (a persona's own settings win over these).</summary>
    public string? Model { get; init; }
    public double? Temperature { get; init; }
    public int? MaxTokens { get; init; }

    /// <summary>Whether the seed-000 shopper personas demo (no login, pick a persona) is offered; null uses demo.personas.</summary>
    public bool? DemoPersonas { get; init; }

    public TenantBranding Branding { get; init; } = new();

    /// <summary>This tenant's coaching rules; unset members use coaching.*.</summary>
    public TenantCoaching Coaching { get; init; } = new();
    /// <summary>Lead-scoring thresholds and weights (issue 6); null uses leads.*.</summary>
    public TenantLeadSettings? Leads { get; init; }

    /// <summary>Role-play scoring (issue 8): phrases a trainee must say; null uses training.compliance_phrases.</summary>
    public TenantTraining? Training { get; init; }
}

/// <summary>How the widget and pages present the tenant.</summary>
public sealed record TenantBranding
{
    public string? DisplayName { get; init; }
    public string? PrimaryColor { get; init; }
    public string? LogoUrl { get; init; }
    public string? Greeting { get; init; }
}

/// <summary>A tenant's training settings (seed 004 role-play scoring).</summary>
public sealed record TenantTraining
{
    public List<string>? CompliancePhrases { get; init; }
}
