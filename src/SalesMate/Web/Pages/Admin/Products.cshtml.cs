using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Admin;
using SalesMate.Services.Products;
using SalesMate.Services.Products.Imports;

namespace SalesMate.Web.Pages.Admin;

/// <summary>
/// Products: search as you type (htmx swaps the table), create, edit or delete (after a confirmation step) one product, import a CSV/JSON file with the importer of
/// `salesmate import` in the background (upload progress, then the import's progress polled, then the row-level error report).
/// </summary>
[RequestSizeLimit(ProductImportJobs.MaxFileBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ProductImportJobs.MaxFileBytes + 1024 * 1024)]
public sealed class ProductsModel(ProductRepository products, ProductImportJobs imports, SalesMateDbContext db, AuditLog audit, TimeProvider clock)
    : WebPageModel
{
    public const int PageSize = 25;

    protected override PageAccess Access => PageAccess.Admin;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }
    [BindProperty(SupportsGet = true)] public bool New { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Delete { get; set; }

    public IReadOnlyList<Product> Items { get; private set; } = [];
    public int Total { get; private set; }
    public Product? Editing { get; private set; }

    /// <summary>The product whose deletion waits for the admin's confirmation.</summary>
    public Product? Deleting { get; private set; }

    /// <summary>What the form shows: the values just posted when they were refused, so nothing typed is lost.</summary>
    public ProductFormValues? Form { get; private set; }
    public ProductImportJob? Import { get; private set; }

    /// <summary>The currency of a new product: the tenant's catalog currency (settings.currency).</summary>
    public string NewCurrency { get; private set; } = "";

    public async Task OnGetAsync(bool saved, bool deleted, Guid? import, CancellationToken cancellationToken)
    {
        await SearchAsync(cancellationToken);
        if (import is { } importId)
        {
            await TryAsync(async () => Import = await imports.GetAsync(importId, cancellationToken));
        }
        Editing = Edit is { } id ? await products.FindAsync(id, cancellationToken) : null;
        Deleting = Delete is { } doomed ? await products.FindAsync(doomed, cancellationToken) : null;
        Form = Editing is { } editing ? ProductFormValues.Of(editing) : New ? ProductFormValues.Empty : null;
        if (New && Editing is null)
        {
            NewCurrency = await CurrencyAsync(cancellationToken);
        }
        Notice = saved ? "Product saved; the assistant sees the change at once."
            : deleted ? "Product deleted; the assistant no longer recommends it. Past conversations and leads keep their record of it."
            : null;
    }

    /// <summary>The table alone, for the search box.</summary>
    public async Task<IActionResult> OnGetTableAsync(CancellationToken cancellationToken)
    {
        await SearchAsync(cancellationToken);
        return Partial("_ProductTable", this);
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, string? name, string? brand, string? category, string? price, int? stock,
        string? description, CancellationToken cancellationToken)
    {
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return RedirectToPage();
        }
        var edit = ProductEditRules.Validate(name, brand, category, price, stock, description, AddError);
        if (edit is null || Errors.Count > 0)
        {
            Editing = product;
            Form = Typed(product.Sku, name, brand, category, price, stock, description);
            await SearchAsync(cancellationToken);
            return Page();
        }
        Apply(product, edit);
        await BumpCatalogVersionAsync(cancellationToken);
        audit.Add(HttpContext, AuditActions.ProductUpdate, "product", product.Id, new() { ["sku"] = product.Sku });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { edit = id, saved = true, q = Q });
    }

    /// <summary>"New product": the edit form's rules plus a SKU no other product of this tenant has.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? sku, string? name, string? brand, string? category, string? price, int? stock,
        string? description, CancellationToken cancellationToken)
    {
        var code = ProductEditRules.ValidateSku(sku, AddError);
        var edit = ProductEditRules.Validate(name, brand, category, price, stock, description, AddError);
        if (code is not null && await db.Products.AnyAsync(p => p.Sku == code, cancellationToken))
        {
            AddError("sku", $"Another product already has the SKU {code}; edit that one, or choose another SKU.");
        }
        if (code is null || edit is null || Errors.Count > 0)
        {
            New = true;
            NewCurrency = await CurrencyAsync(cancellationToken);
            Form = Typed(sku, name, brand, category, price, stock, description);
            await SearchAsync(cancellationToken);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var product = new Product
        {
            Id = Guid.CreateVersion7(), Sku = code, Name = "", Brand = "", Category = "", Currency = await CurrencyAsync(cancellationToken),
            CreatedAt = now,
        };
        Apply(product, edit);
        db.Products.Add(product);
        await BumpCatalogVersionAsync(cancellationToken);
        audit.Add(HttpContext, AuditActions.ProductCreate, "product", product.Id, new() { ["sku"] = product.Sku });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { edit = product.Id, saved = true, q = Q });
    }

    /// <summary>
    /// Deletes a product for good (after the confirmation step of <c>?delete={id}</c>). Nothing references a product row:
    /// messages and leads keep their own copy of what was shown, and a conversation that still names the product in its
    /// state skips it, so history reads as before.
    /// </summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        // The tenant's query filter: another tenant's product id finds nothing here.
        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            AddError("", "That product does not exist (any more); nothing was deleted.");
            await SearchAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        db.Products.Remove(product);
        await BumpCatalogVersionAsync(cancellationToken);
        audit.Add(HttpContext, AuditActions.ProductDelete, "product", product.Id, new() { ["sku"] = product.Sku, ["name"] = product.Name });
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { deleted = true, q = Q });
    }

    /// <summary>Queues the file as a background import; the page then polls <see cref="OnGetImportStatusAsync"/> for progress and the report.</summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, bool skipInvalid, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            AddError("file", "Choose a .csv or .json file.");
        }
        else
        {
            using var stream = new MemoryStream();
            await file.CopyToAsync(stream, cancellationToken);
            await TryAsync(async () => Import = await imports.StartAsync(file.FileName, stream.ToArray(), skipInvalid, HttpContext, cancellationToken));
        }
        if (Request.Headers.ContainsKey("HX-Request"))
        {
            return Partial("_ImportReport", this);
        }
        if (Import is { } started)
        {
            return RedirectToPage(new { import = started.Id });
        }
        await SearchAsync(cancellationToken);
        return Page();
    }

    /// <summary>The import's progress bar (polled while it runs) or its report.</summary>
    public async Task<IActionResult> OnGetImportStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        await TryAsync(async () => Import = await imports.GetAsync(id, cancellationToken));
        return Partial("_ImportReport", this);
    }

    private void Apply(Product product, ProductEditRules.Edit edit)
    {
        (product.Name, product.Brand, product.Category, product.Price, product.Stock, product.Description) =
            (edit.Name, edit.Brand, edit.Category, edit.Price, edit.Stock, edit.Description);
        product.SearchText = ProductImporter.SearchTextOf(product);
        product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>In the same save as the product write: every instance rebuilds its catalog index.</summary>
    private async Task BumpCatalogVersionAsync(CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstAsync(t => t.Id == db.CurrentTenantId, cancellationToken);
        tenant.CatalogVersion++;
    }

    private async Task<string> CurrencyAsync(CancellationToken cancellationToken) =>
        (await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId).Select(t => t.Settings).FirstAsync(cancellationToken)).Currency;

    /// <summary>The fields as posted; a stock that did not bind as a number is shown as typed.</summary>
    private ProductFormValues Typed(string? sku, string? name, string? brand, string? category, string? price, int? stock, string? description) =>
        new(sku, name, brand, category, price, stock?.ToString(CultureInfo.InvariantCulture) ?? Request.Form["stock"].ToString(), description);

    private async Task SearchAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var query = new ProductQuery(string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), null, null, null, null, null, "name_asc", PageNumber, PageSize);
        (Items, Total) = await products.ListAsync(query, cancellationToken);
    }
}

/// <summary>The product form's fields as text, from the stored product or as the admin typed them.</summary>
public sealed record ProductFormValues(string? Sku, string? Name, string? Brand, string? Category, string? Price, string? Stock, string? Description)
{
    public static readonly ProductFormValues Empty = new("", "", "", "", "", "0", "");

    public static ProductFormValues Of(Product p) => new(p.Sku, p.Name, p.Brand, p.Category, p.Price.ToString(CultureInfo.InvariantCulture),
        p.Stock.ToString(CultureInfo.InvariantCulture), p.Description);
}
