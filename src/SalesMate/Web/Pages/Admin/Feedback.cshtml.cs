using SalesMate.Services.Feedback;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Answer feedback (thumbs and "report inaccurate answer"), newest first; the same data as GET /api/v1/admin/feedback.</summary>
public sealed class FeedbackModel(AnswerFeedback feedback) : WebPageModel
{
    public const int PageSize = 50;

    protected override PageAccess Access => PageAccess.Admin;

    public IReadOnlyList<FeedbackItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public bool OnlyReports { get; private set; }

    public async Task OnGetAsync(bool reports, CancellationToken cancellationToken)
    {
        OnlyReports = reports;
        (Items, Total) = await feedback.ListAsync(reports ? true : null, 1, PageSize, cancellationToken);
    }
}
