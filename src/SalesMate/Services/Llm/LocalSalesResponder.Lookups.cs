using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Responders;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;

namespace SalesMate.Services.Llm;

/// <summary>The catalog lookup a message asks for, as the hosted model's own tool call (<c>llm.prefetch_tools</c>).</summary>
public sealed partial class LocalSalesResponder
{
    /// <summary>The call id of a lookup made before the model was called, so request bodies show the model did not make it.</summary>
    public const string PrefetchCallId = "salesmate_prefetch";

    /// <summary>
    /// The tool call the rules understand this message to need, with the arguments a model would give it: a search with
    /// the conversation's merged <paramref name="filters"/> when the message itself asks for products, a comparison or a
    /// product's details for "compare the first two" / "tell me more about the second one", alternatives to the shown
    /// products for "cheaper" / "something better". Null for small talk, a message the rules cannot read, or a follow-up
    /// with nothing to refer to: the model then decides its own first call.
    /// </summary>
    public FunctionCallContent? LookupFor(ResponderContext context, ConversationState filters)
    {
        var parsed = context.Catalog.Parser.Parse(context.Message);
        var shown = LastShown(context);
        var route = RouteOf(context, parsed);
        return route switch
        {
            Route.Compare when (parsed.Ordinals.Count > 0 ? Pick(shown, parsed.Ordinals) : shown.Take(3).ToList()) is { Count: >= 2 } chosen =>
                Call(CatalogToolDeclarations.CompareProducts, new() { ["ids"] = chosen.Select(p => p.Id.ToString()).ToArray() }),
            Route.MoreAbout when (parsed.Ordinals.Count > 0 ? Pick(shown, parsed.Ordinals).FirstOrDefault()
                                     : FindByReference(context.Catalog, shown, parsed.ProductReference, parsed.ModelHints)) is { } product =>
                Call(CatalogToolDeclarations.GetProduct, new() { ["id_or_sku"] = product.Id.ToString() }),
            Route.Question when Asked(context, parsed) is [var asked, ..] =>
                Call(CatalogToolDeclarations.GetProduct, new() { ["id_or_sku"] = asked.Id.ToString() }),
            Route.Cheaper or Route.Better when shown.Count > 0 => Alternatives(route == Route.Cheaper, shown, filters),
            Route.Cheaper or Route.Better when !(parsed with { FollowUp = FollowUpKind.None }).IsVague => Search(context.Message, filters, parsed.PriceOrder),
            Route.Search when !parsed.IsVague => Search(context.Message, filters, parsed.PriceOrder),
            _ => null,
        };
    }

    private static FunctionCallContent Alternatives(bool cheaper, IReadOnlyList<Product> shown, ConversationState filters)
    {
        var reference = cheaper ? shown.MinBy(p => p.Price)! : shown.MaxBy(p => p.Price)!;
        var args = new Dictionary<string, object?> { ["id_or_sku"] = reference.Id.ToString(), ["kind"] = cheaper ? "cheaper" : "better_value" };
        if (filters.InStockOnly)
        {
            args["in_stock"] = true;
        }
        return Call(CatalogToolDeclarations.GetBudgetAlternatives, args);
    }

    private static FunctionCallContent Search(string message, ConversationState filters, PriceOrder order)
    {
        var args = new Dictionary<string, object?> { ["query"] = message };
        if (filters.Categories is [var category])
        {
            args["category"] = category;
        }
        if (filters.Brands is [var brand])
        {
            args["brand"] = brand;
        }
        if (filters.Features.Count > 0)
        {
            args["features"] = filters.Features.ToArray();
        }
        if (filters.BudgetMin is { } min)
        {
            args["min_price"] = min;
        }
        if (filters.BudgetMax is { } max)
        {
            args["max_price"] = max;
        }
        if (filters.InStockOnly)
        {
            args["in_stock"] = true;
        }
        if (filters.ExcludedBrands.Count > 0)
        {
            args["exclude_brands"] = filters.ExcludedBrands.ToArray();
        }
        if (filters.ExcludedFeatures.Count > 0)
        {
            args["exclude_features"] = filters.ExcludedFeatures.ToArray();
        }
        if (order != PriceOrder.Relevance)
        {
            args["sort"] = order == PriceOrder.LowestFirst ? "price_asc" : "price_desc";
        }
        return Call(CatalogToolDeclarations.SearchProducts, args);
    }

    private static FunctionCallContent Call(string tool, Dictionary<string, object?> args) => new(PrefetchCallId, tool, args);
}
