using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Services.Auth;
using SalesMate.Services.Users;

namespace SalesMate.Web.Pages.Account;

/// <summary>
/// The shopping profile form (seed 000; same service as GET /api/v1/users/me and PUT /api/v1/users/profile): budget,
/// categories, key features, preferences. What the assistant learned in chats is merged into these lists, so it shows
/// here and can be edited or removed like anything typed in.
/// </summary>
public sealed class ProfileModel(UserService users) : WebPageModel
{
    protected override PageAccess Access => PageAccess.SignedIn;

    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? BudgetMin { get; set; }
    [BindProperty] public string? BudgetMax { get; set; }
    [BindProperty] public string? Currency { get; set; }
    [BindProperty] public string? Categories { get; set; }
    [BindProperty] public string? KeyFeatures { get; set; }
    [BindProperty] public string? Preferences { get; set; }

    public string Email { get; private set; } = "";
    public DateTime? UpdatedAt { get; private set; }

    public async Task OnGetAsync(bool welcome, bool saved, CancellationToken cancellationToken)
    {
        var (user, profile, currency) = await users.GetAsync(User.RequiredUserId(), cancellationToken);
        Email = user.Email;
        DisplayName = user.DisplayName;
        BudgetMin = profile?.BudgetMin?.ToString("0.##", CultureInfo.InvariantCulture);
        BudgetMax = profile?.BudgetMax?.ToString("0.##", CultureInfo.InvariantCulture);
        Currency = profile?.Currency ?? currency;
        Categories = string.Join(", ", profile?.Categories ?? []);
        KeyFeatures = string.Join(", ", profile?.KeyFeatures ?? []);
        Preferences = string.Join("\n", profile?.Preferences ?? []);
        UpdatedAt = profile?.UpdatedAt;
        Notice = welcome ? "Welcome! Your account is ready. Tell the assistant about your budget and interests here, or just start chatting."
            : saved ? "Profile saved. The assistant uses it from your next message." : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var min = Amount(nameof(BudgetMin), "budget_min", BudgetMin);
        var max = Amount(nameof(BudgetMax), "budget_max", BudgetMax);
        var input = new ProfileInput(string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName, min, max,
            string.IsNullOrWhiteSpace(Currency) ? null : Currency.Trim(), List(Categories, ','), List(KeyFeatures, ','), List(Preferences, '\n'));
        if (Errors.Count == 0 && await TryAsync(() => users.UpdateProfileAsync(User.RequiredUserId(), input, cancellationToken)))
        {
            return RedirectToPage(new { saved = true });
        }
        var (user, _, _) = await users.GetAsync(User.RequiredUserId(), cancellationToken);
        Email = user.Email;
        return Page();
    }

    private decimal? Amount(string property, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (decimal.TryParse(text.Trim().TrimStart('$', '€', '£'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        AddError(field, $"{property switch { nameof(BudgetMin) => "Minimum budget", _ => "Maximum budget" }} must be a number, e.g. 500 or 1299.99.");
        return null;
    }

    private static List<string> List(string? text, char separator) =>
        (text ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
