using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Tenancy;

namespace SalesMate.Web.Pages.Admin;

/// <summary>
/// The assistant personas (seed 003 <c>personas</c>): system prompt, description, model settings, which one is the default;
/// create one, edit one, delete one (after a confirmation step).
/// </summary>
public sealed partial class PersonasModel(SalesMateDbContext db, AuditLog audit, TimeProvider clock) : WebPageModel
{
    public const int MaxPrompt = 20_000;
    public const int MaxDescription = 500;
    public const int MaxModel = 200;

    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<AssistantPersona> Personas { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty(SupportsGet = true)] public bool New { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Delete { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? SystemPrompt { get; set; }
    [BindProperty] public bool IsDefault { get; set; }
    [BindProperty] public string? PersonaModel { get; set; }
    [BindProperty] public string? Temperature { get; set; }

    public AssistantPersona? Editing { get; private set; }

    /// <summary>The persona whose deletion waits for the admin's confirmation.</summary>
    public AssistantPersona? Deleting { get; private set; }

    public async Task OnGetAsync(bool saved, bool deleted, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Deleting = Personas.FirstOrDefault(p => p.Id == Delete);
        if (Editing is { } p)
        {
            (Name, Description, SystemPrompt, IsDefault, PersonaModel) = (p.Name, p.Description, p.SystemPrompt, p.IsDefault, p.Model);
            Temperature = p.Temperature?.ToString(CultureInfo.InvariantCulture);
        }
        Notice = saved ? "Persona saved. New answers use it at once."
            : deleted ? "Persona deleted. Conversations that used it continue with the default persona."
            : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is not { } persona)
        {
            return RedirectToPage();
        }
        if (!Validate(out var temperature))
        {
            return Page();
        }
        Apply(persona, temperature);
        audit.Add(HttpContext, AuditActions.PersonaUpdate, "persona", persona.Id, new() { ["code"] = persona.Code });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { edit = persona.Id, saved = true });
    }

    /// <summary>"New persona": the edit form's rules; the code (what agents name) is made from the name.</summary>
    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        New = true;
        await LoadAsync(cancellationToken);
        if (!Validate(out var temperature))
        {
            return Page();
        }
        var persona = new AssistantPersona
        {
            Id = Guid.CreateVersion7(), Code = NewCode(Name!), Name = "", SystemPrompt = "", CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        // The first persona of a shop speaks by default whatever the box says: a shop always has a default.
        IsDefault |= Personas.Count == 0;
        Apply(persona, temperature);
        db.AssistantPersonas.Add(persona);
        audit.Add(HttpContext, AuditActions.PersonaCreate, "persona", persona.Id, new() { ["code"] = persona.Code });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { edit = persona.Id, saved = true });
    }

    /// <summary>
    /// Deletes a persona (after the confirmation step of <c>?delete={id}</c>), unless the shop needs it: the default
    /// persona, and one an agent speaks as, must be replaced first. Conversations that used it go on with the default
    /// persona (conversations.assistant_persona_id is set to null).
    /// </summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // The tenant's query filter: another tenant's persona id is not among these.
        if (Personas.FirstOrDefault(p => p.Id == id) is not { } persona)
        {
            AddError("", "That persona does not exist (any more); nothing was deleted.");
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (persona.IsDefault)
        {
            AddError("", $"{persona.Name} is the default persona. Make another persona the default first, then delete this one.");
        }
        foreach (var agent in await AgentsSpeakingAsAsync(persona.Code, cancellationToken))
        {
            AddError("", $"The {agent} agent speaks as {persona.Name} (persona {persona.Code}). Give that agent another persona first " +
                $"(PATCH /api/v1/admin/agents/{agent}), then delete this one.");
        }
        if (Errors.Count > 0)
        {
            Deleting = persona;
            return Page();
        }
        db.AssistantPersonas.Remove(persona);
        audit.Add(HttpContext, AuditActions.PersonaDelete, "persona", persona.Id, new() { ["code"] = persona.Code, ["name"] = persona.Name });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { deleted = true });
    }

    /// <summary>The form's rules, for a new persona as for an edit; each error keyed by its field.</summary>
    private bool Validate(out double? temperature)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100)
        {
            AddError("name", "Name must be 1 to 100 characters.");
        }
        if (string.IsNullOrWhiteSpace(SystemPrompt) || SystemPrompt.Length > MaxPrompt)
        {
            AddError("system_prompt", $"The system prompt must be 1 to {MaxPrompt} characters.");
        }
        if (Description?.Trim().Length > MaxDescription)
        {
            AddError("description", $"The description must be at most {MaxDescription:N0} characters.");
        }
        if (PersonaModel?.Trim() is { Length: > 0 } model && (model.Length > MaxModel || model.Any(char.IsWhiteSpace)))
        {
            AddError("model", $"The model must be a model id of at most {MaxModel} characters without spaces, e.g. gpt-4o-mini.");
        }
        foreach (var (field, label, value) in new[] { ("name", "Name", Name), ("description", "The description", Description),
                     ("system_prompt", "The system prompt", SystemPrompt), ("model", "The model", PersonaModel) })
        {
            if (value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                AddError(field, $"{label} must not contain a NUL character.");
            }
        }
        temperature = null;
        if (!string.IsNullOrWhiteSpace(Temperature))
        {
            if (double.TryParse(Temperature, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t is >= 0 and <= 2)
            {
                temperature = t;
            }
            else
            {
                AddError("temperature", "Temperature must be a number from 0 to 2.");
            }
        }
        return Errors.Count == 0;
    }

    private void Apply(AssistantPersona persona, double? temperature)
    {
        persona.Name = Name!.Trim();
        persona.Description = Description?.Trim() ?? "";
        persona.SystemPrompt = SystemPrompt!.Trim();
        persona.Model = string.IsNullOrWhiteSpace(PersonaModel) ? null : PersonaModel.Trim();
        persona.Temperature = temperature;
        if (IsDefault && !persona.IsDefault)
        {
            foreach (var other in Personas.Where(p => p.IsDefault))
            {
                other.IsDefault = false;
            }
            persona.IsDefault = true;
        }
    }

    /// <summary>A code in the seed's style (sales-assistant) made from the name, unique in this shop.</summary>
    private string NewCode(string name)
    {
        var stem = NonCodeCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        stem = stem.Length == 0 ? "persona" : stem[..Math.Min(stem.Length, 50)].TrimEnd('-');
        var code = stem;
        for (var n = 2; Personas.Any(p => p.Code == code); n++)
        {
            code = $"{stem}-{n}";
        }
        return code;
    }

    /// <summary>The agents whose persona is this code: their row's persona, or the built-in one of an agent without a row.</summary>
    private async Task<IReadOnlyList<string>> AgentsSpeakingAsAsync(string code, CancellationToken cancellationToken)
    {
        var rows = await db.TenantAgents.AsNoTracking().ToListAsync(cancellationToken);
        return Agents.All
            .Where(agent => (rows.FirstOrDefault(r => r.Agent == agent) is { } row ? row.PersonaCode : AgentDefaults.PersonaCode(agent)) == code)
            .ToList();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Personas = await db.AssistantPersonas.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        Editing = New ? null : Personas.FirstOrDefault(p => p.Id == Edit) ?? (Edit is null && Personas.Count > 0 ? Personas[0] : null);
        Edit = Editing?.Id;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonCodeCharacters();
}
