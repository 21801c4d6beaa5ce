namespace SalesMate.Services.Intelligence;

/// <summary>
/// Everyday English words of five letters or more that shoppers write: the spelling corrector never turns one of them
/// into a catalog name ("about" is not "Asus", "model" is not "Motorola"). Shorter words are never corrected at all,
/// and every word that appears anywhere in the tenant's catalog counts as known too.
/// </summary>
internal static class CommonWords
{
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        "about", "above", "absolutely", "access", "account", "actually", "added", "address", "advice", "afford", "affordable",
        "after", "afternoon", "again", "against", "agent", "ahead", "airport", "allow", "almost", "alone", "along", "already",
        "alright", "although", "always", "amazing", "among", "amount", "another", "answer", "anyone", "anything", "anyway",
        "anywhere", "apartment", "apartments", "appointment", "appreciate", "around", "arrive", "asking", "audio", "available",
        "avoid", "aware", "awesome", "balcony", "basic", "battery", "bedroom", "bedrooms", "before", "begin", "behind", "being",
        "below", "beside", "better", "between", "bigger", "biggest", "black", "booking", "bought", "brand", "brands", "bright",
        "brother", "brown", "budget", "build", "building", "built", "business", "buyer", "buying", "calls", "camera", "cameras",
        "cannot", "carry", "cause", "centre", "center", "cheap", "cheaper", "cheapest", "check", "child", "children", "choice",
        "choose", "class", "clean", "clear", "clearly", "close", "closer", "closest", "colour", "color", "colours", "colors",
        "coming", "commute", "company", "compare", "comparison", "complete", "condition", "contact", "could", "couple",
        "course", "cover", "crore", "crores", "current", "currently", "customer", "daily", "daughter", "dealer", "decent",
        "decide", "delivery", "design", "detail", "details", "device", "devices", "different", "difficult", "dinner",
        "discount", "display", "distance", "doesnt", "dollars", "double", "down", "download", "dream", "drive", "during",
        "early", "easily", "editing", "either", "else", "email", "emails", "enough", "entire", "especially", "euros",
        "evening", "event", "every", "everyone", "everything", "exactly", "example", "excellent", "except", "expect",
        "expensive", "experience", "explain", "extra", "family", "faster", "fastest", "father", "favourite", "favorite",
        "features", "feedback", "field", "final", "finally", "financing", "finance", "first", "floor", "flats", "focus",
        "follow", "friend", "friends", "front", "future", "games", "gaming", "garden", "getting", "gift", "given", "glass",
        "going", "gonna", "great", "green", "group", "guess", "happen", "happy", "hardly", "heard", "heavy", "hello", "helpful",
        "hoping", "hours", "house", "houses", "however", "human", "hundred", "idea", "important", "including", "inside",
        "instead", "interest", "interested", "issue", "itself", "journey", "keyboard", "kindly", "kitchen", "known", "lakh",
        "lakhs", "laptop", "laptops", "large", "larger", "later", "latest", "learn", "least", "leave", "leaving", "length",
        "light", "lighter", "lightest", "likely", "limit", "listen", "little", "living", "local", "location", "locations",
        "longer", "looking", "looks", "lower", "lowest", "lunch", "maybe", "meaning", "means", "meeting", "memory", "message",
        "might", "minute", "minutes", "mobile", "model", "models", "money", "month", "monthly", "months", "morning", "mother",
        "mostly", "mouse", "movie", "movies", "moving", "music", "myself", "name", "nearby", "nearest", "nearly", "needed",
        "needs", "neighbourhood", "neighborhood", "never", "newer", "newest", "night", "nobody", "normal", "nothing", "number",
        "office", "offer", "offers", "often", "older", "online", "option", "options", "order", "other", "others", "otherwise",
        "outside", "owner", "parents", "parking", "part", "party", "payment", "people", "perfect", "perhaps", "person",
        "phone", "phones", "photo", "photos", "picture", "pictures", "place", "plan", "planning", "please", "pocket",
        "point", "possible", "possession", "power", "powerful", "premium", "pretty", "price", "prices", "pricing", "print",
        "probably", "problem", "product", "products", "project", "projects", "property", "properties", "provide", "purchase",
        "purpose", "quality", "question", "questions", "quick", "quickly", "quiet", "quite", "rather", "reach", "ready",
        "really", "reason", "receive", "recent", "recommend", "recommendation", "refund", "regular", "remember", "rent",
        "rental", "repair", "reply", "request", "return", "returns", "review", "reviews", "right", "rupees", "safe", "safety",
        "sales", "school", "schools", "screen", "search", "second", "security", "seems", "seller", "selling", "send", "sense",
        "serious", "service", "setup", "several", "share", "shipping", "short", "should", "showing", "shown", "simple",
        "since", "single", "sister", "sites", "sitting", "small", "smaller", "smallest", "smart", "social", "someone",
        "something", "sometimes", "somewhere", "sorry", "sound", "space", "spacious", "speak", "special", "specs", "speed",
        "spend", "sports", "square", "staff", "start", "started", "still", "stock", "store", "streaming", "street",
        "strong", "student", "students", "study", "stuff", "style", "suggest", "suggestion", "suggestions", "summer",
        "super", "support", "suppose", "surely", "switch", "system", "table", "taking", "talking", "tell", "thank",
        "thanks", "their", "there", "these", "thing", "things", "think", "thinking", "third", "those", "though", "thought",
        "three", "through", "ticket", "times", "today", "together", "tomorrow", "tonight", "total", "towards", "tower",
        "towers", "trade", "travel", "trouble", "truly", "trust", "trying", "twice", "under", "understand", "units",
        "until", "upgrade", "upper", "usage", "useful", "using", "usually", "value", "various", "video", "videos", "visit",
        "waiting", "wanna", "wanted", "wants", "warranty", "watch", "water", "weekend", "weight", "where", "whether",
        "which", "while", "white", "whole", "whose", "window", "windows", "without", "woman", "wonder", "wondering",
        "words", "working", "world", "worry", "worth", "would", "wouldnt", "write", "wrong", "years", "yellow",
        "yesterday", "young", "yourself",
        // short everyday words (never corrected anyway) so that entities made of them are never re-spelled
        "best", "big", "buy", "good", "great", "home", "move", "near", "nice", "new", "old", "view", "with", "sale", "deal",
        "free", "fast", "slow", "open", "plus", "pro", "max", "mini", "one", "two", "air", "ready", "type", "size", "life",
        // place words that are part of many locality names ("Sarjapur Road", "Electronic City")
        "road", "roads", "city", "town", "layout", "north", "south", "east", "west", "phase", "stage", "block", "cross",
        "main", "circle", "colony", "extension", "avenue", "park", "lake", "nagar",
    };
}
