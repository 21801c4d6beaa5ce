namespace SalesMate.Services.Llm;

public static class Intents
{
    public const string Greeting = "greeting";
    public const string Thanks = "thanks";
    public const string Goodbye = "goodbye";
    public const string ProductSearch = "product_search";
    public const string ProductDetail = "product_detail";
    public const string Comparison = "comparison";
    public const string BudgetAlternative = "budget_alternative";
    public const string Clarification = "clarification";
}
