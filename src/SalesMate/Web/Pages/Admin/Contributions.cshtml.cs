using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Repositories;
using SalesMate.Services.Contributions;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Knowledge contributions to review: approve (it is ingested) or reject with a note the contributor sees. Same handlers as the API.</summary>
public sealed class ContributionsModel(ContributionRepository repository, ContributionService contributions) : WebPageModel
{
    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<ContributionResponse> Items { get; private set; } = [];
    public int Total { get; private set; }
    public string Status { get; private set; } = ContributionStatus.Pending;

    public async Task OnGetAsync(string? status, CancellationToken cancellationToken) => await LoadAsync(status, cancellationToken);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? note, CancellationToken cancellationToken)
    {
        if (await TryAsync(() => ContributionEndpoints.Approve(id, new ReviewContributionRequest(Blank(note)), HttpContext, contributions, cancellationToken)))
        {
            Notice = "Approved: the text is being added to the knowledge base.";
        }
        await LoadAsync(ContributionStatus.Pending, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? note, CancellationToken cancellationToken)
    {
        if (await TryAsync(() => ContributionEndpoints.Reject(id, new ReviewContributionRequest(Blank(note)), HttpContext, contributions, cancellationToken)))
        {
            Notice = "Rejected. The contributor sees your note.";
        }
        await LoadAsync(ContributionStatus.Pending, cancellationToken);
        return Page();
    }

    private static string? Blank(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private async Task LoadAsync(string? status, CancellationToken cancellationToken)
    {
        Status = ContributionRepository.Statuses.Contains(status) ? status! : ContributionStatus.Pending;
        var page = (await ContributionEndpoints.List(repository, cancellationToken, Status, 1, 100)).Value!;
        (Items, Total) = (page.Items, page.Total);
    }
}
