using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;

namespace SalesMate.Web.Pages.Admin;

/// <summary>The assistant personas (seed 003 <c>personas</c>): system prompt, description, model settings, which one is the default.</summary>
public sealed class PersonasModel(SalesMateDbContext db, AuditLog audit) : WebPageModel
{
    public const int MaxPrompt = 20_000;
    public const int MaxDescription = 500;
    public const int MaxModel = 200;

    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<AssistantPersona> Personas { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? SystemPrompt { get; set; }
    [BindProperty] public bool IsDefault { get; set; }
    [BindProperty] public string? PersonaModel { get; set; }
    [BindProperty] public string? Temperature { get; set; }

    public AssistantPersona? Editing { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is { } p)
        {
            (Name, Description, SystemPrompt, IsDefault, PersonaModel) = (p.Name, p.Description, p.SystemPrompt, p.IsDefault, p.Model);
            Temperature = p.Temperature?.ToString(CultureInfo.InvariantCulture);
        }
        Notice = saved ? "Persona saved. New answers use it at once." : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is not { } persona)
        {
            return RedirectToPage();
        }
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
        double? temperature = null;
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
        if (Errors.Count > 0)
        {
            return Page();
        }
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
        audit.Add(HttpContext, "persona.update", "persona", persona.Id, new() { ["code"] = persona.Code });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { edit = persona.Id, saved = true });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Personas = await db.AssistantPersonas.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        Editing = Personas.FirstOrDefault(p => p.Id == Edit) ?? (Edit is null && Personas.Count > 0 ? Personas[0] : null);
        Edit = Editing?.Id;
    }
}
