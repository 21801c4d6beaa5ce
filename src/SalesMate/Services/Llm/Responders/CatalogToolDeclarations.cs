using System.Text.Json;
using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// The function tools the hosted model may call to ground its answer in the catalog. Declarations only (name,
/// description, JSON schema): <see cref="CatalogTools"/> executes them, so nothing runs unless the responder decides so.
/// </summary>
public static class CatalogToolDeclarations
{
    public const string SearchProducts = "search_products";
    public const string GetProduct = "get_product";
    public const string CompareProducts = "compare_products";
    public const string GetBudgetAlternatives = "get_budget_alternatives";

    public static IReadOnlyList<AITool> All { get; } =
    [
        AIFunctionFactory.CreateDeclaration(SearchProducts,
            "Search the store's catalog. Returns the best matching products with their real prices, stock, ratings and key specs. " +
            "Call it before recommending anything. All prices are in the catalog currency. Brands and features the shopper ruled out " +
            "earlier in the conversation are always excluded.",
            Schema("""
            {
              "type": "object",
              "properties": {
                "query": { "type": "string", "description": "Free text: product type, use, name or model, e.g. 'gaming laptop', 'zenbook 14'." },
                "category": { "type": "string", "description": "A catalog category, e.g. 'Laptops'." },
                "brand": { "type": "string", "description": "A brand name, e.g. 'ASUS'." },
                "max_price": { "type": "number", "description": "Highest price, in the catalog currency." },
                "min_price": { "type": "number", "description": "Lowest price, in the catalog currency." },
                "features": { "type": "array", "items": { "type": "string" }, "description": "Required features, e.g. ['16gb ram', 'oled']." },
                "in_stock": { "type": "boolean", "description": "Only products in stock." },
                "exclude_brands": { "type": "array", "items": { "type": "string" }, "description": "Brands the shopper ruled out, e.g. ['Apple']." },
                "exclude_features": { "type": "array", "items": { "type": "string" }, "description": "Features the shopper ruled out, e.g. ['gaming']." },
                "sort": { "type": "string", "enum": ["relevance", "price_asc", "price_desc"], "description": "relevance (default), price_asc for the cheapest first, price_desc for the most expensive first." }
              },
              "additionalProperties": false
            }
            """)),
        AIFunctionFactory.CreateDeclaration(GetProduct,
            "Full catalog facts (price, stock, rating, specs, description) for one product, by its id or SKU.",
            Schema("""
            {
              "type": "object",
              "properties": {
                "id_or_sku": { "type": "string", "description": "The product's id or SKU, as returned by search_products." }
              },
              "required": ["id_or_sku"],
              "additionalProperties": false
            }
            """)),
        AIFunctionFactory.CreateDeclaration(CompareProducts,
            "Side-by-side catalog facts for two or more products, by id or SKU.",
            Schema("""
            {
              "type": "object",
              "properties": {
                "ids": { "type": "array", "items": { "type": "string" }, "minItems": 2, "description": "Product ids or SKUs." }
              },
              "required": ["ids"],
              "additionalProperties": false
            }
            """)),
        AIFunctionFactory.CreateDeclaration(GetBudgetAlternatives,
            "Budget alternatives to a product (or a price): cheaper (10-20% less, same category), better value (10-15% more, same " +
            "category) and similar budget elsewhere (another category or location). Each band lists real catalog products; an empty " +
            "band means nothing in the catalog fits it.",
            Schema("""
            {
              "type": "object",
              "properties": {
                "id_or_sku": { "type": "string", "description": "The product to find alternatives to, as returned by search_products." },
                "price": { "type": "number", "description": "A reference price in the catalog currency, when there is no product." },
                "kind": { "type": "string", "enum": ["cheaper", "better_value", "similar", "all"], "description": "Which band; default all." },
                "category": { "type": "string", "description": "A catalog category, e.g. 'Laptops' (default: the product's)." },
                "in_stock": { "type": "boolean", "description": "Only products in stock." }
              },
              "additionalProperties": false
            }
            """)),
    ];

    private static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
