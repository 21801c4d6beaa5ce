using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;

namespace SalesMate.Bench;

/// <summary>
/// Deterministic synthetic catalog: the ten demo categories, real brand and series names, category-specific specs,
/// tags and a two-sentence description built from phrase pools, prices in plausible per-category ranges. The same
/// seed always yields the same products (and Guids), so runs are comparable.
/// </summary>
internal static class CatalogGenerator
{
    private sealed record Category(
        string Name, string Code, (decimal Min, decimal Max) Price, (string Brand, string[] Series)[] Lines,
        Func<Random, Dictionary<string, string>> Specs, string[] Tags, string[] Nouns);

    private static readonly string[] Openers =
    [
        "A well-balanced {0} with a premium build and a great price for what you get.",
        "Our most popular {0} for everyday use at home, at work and on the go.",
        "A compact {0} built for people who travel light and want reliable performance.",
        "A flagship {0} with top-tier performance, excellent reviews and a long warranty.",
        "An affordable {0} that covers the basics well without cutting important corners.",
        "A feature-packed {0} aimed at creators, gamers and power users.",
        "A durable {0} designed for students and families who need something dependable.",
    ];

    private static readonly string[] Closers =
    [
        "Comes with a two-year warranty and free returns within 30 days.",
        "Pairs easily with your phone and other devices through the companion app.",
        "Reviewers praise its build quality, battery life and simple setup.",
        "A great gift and an easy upgrade from older models.",
        "Energy efficient, quiet in use and easy to keep clean.",
        "Ships in recyclable packaging with all the cables you need.",
    ];

    private static readonly Category[] Categories =
    [
        new("Laptops", "LAP", (399m, 3499m),
        [
            ("ASUS", ["Zenbook 14", "Vivobook 15", "ROG Strix G16", "TUF Gaming A15", "ProArt P16"]),
            ("Dell", ["XPS 13", "XPS 15", "Inspiron 14", "Alienware m16", "Latitude 7450"]),
            ("Lenovo", ["ThinkPad X1 Carbon", "IdeaPad Slim 5", "Legion Pro 5", "Yoga 7i", "ThinkPad T14"]),
            ("HP", ["Spectre x360", "Pavilion 15", "Omen 16", "EliteBook 840", "Envy 14"]),
            ("Apple", ["MacBook Air 13", "MacBook Air 15", "MacBook Pro 14", "MacBook Pro 16"]),
            ("Acer", ["Swift Go 14", "Aspire 5", "Predator Helios 16", "Nitro V 15"]),
            ("MSI", ["Katana 15", "Stealth 16", "Prestige 13", "Raider GE78"]),
            ("Razer", ["Blade 14", "Blade 16"]),
        ],
        r => new()
        {
            ["CPU"] = Pick(r, "Intel Core Ultra 7 255H", "Intel Core Ultra 5 225H", "Intel Core i7-14700HX", "AMD Ryzen 7 8845HS", "AMD Ryzen 9 8945HS", "Apple M4", "Apple M4 Pro", "Snapdragon X Elite"),
            ["RAM"] = Pick(r, "8GB", "16GB", "16GB", "32GB", "64GB"),
            ["Storage"] = Pick(r, "256GB SSD", "512GB SSD", "1TB SSD", "2TB SSD"),
            ["Display"] = Pick(r, "13.3\" FHD IPS", "14\" 3K OLED 120Hz", "15.6\" FHD 144Hz", "16\" QHD+ 240Hz", "16\" 2.5K IPS 165Hz", "14.5\" 2.8K OLED"),
            ["GPU"] = Pick(r, "Intel Arc Graphics", "NVIDIA GeForce RTX 4050 6GB", "NVIDIA GeForce RTX 4060 8GB", "NVIDIA GeForce RTX 4070 8GB", "NVIDIA GeForce RTX 5070 Ti 12GB", "AMD Radeon 780M", "Integrated"),
            ["Weight"] = $"{1.0 + (r.Next(0, 16) / 10.0):0.0} kg",
            ["Battery"] = $"{r.Next(40, 100)}Wh",
        },
        ["gaming", "ultrabook", "student", "business", "oled", "lightweight", "long battery", "creator", "budget", "2-in-1", "touchscreen", "rtx"],
        ["laptop", "notebook"]),

        new("Gaming", "GAM", (29m, 999m),
        [
            ("Sony", ["PlayStation 5 Slim", "PlayStation 5 Pro", "DualSense Edge", "PlayStation Portal"]),
            ("Microsoft", ["Xbox Series X", "Xbox Series S", "Xbox Elite Controller Series 2"]),
            ("Nintendo", ["Switch OLED", "Switch Lite", "Pro Controller"]),
            ("Valve", ["Steam Deck OLED", "Steam Deck LCD"]),
            ("Logitech", ["G Pro X Superlight", "G502 Hero", "G915 TKL", "G923 Racing Wheel"]),
            ("Razer", ["DeathAdder V3", "BlackWidow V4", "Kishi Ultra", "Huntsman Mini"]),
            ("SteelSeries", ["Apex Pro TKL", "Rival 3", "Arctis Nova 7"]),
            ("Corsair", ["K70 RGB", "M65 Ultra", "HS80 Max"]),
        ],
        r => new()
        {
            ["Platform"] = Pick(r, "PC", "PlayStation", "Xbox", "Nintendo Switch", "Multi-platform"),
            ["Connectivity"] = Pick(r, "Wired USB-C", "2.4GHz wireless", "Bluetooth 5.3", "Wi-Fi 6"),
            ["Storage"] = Pick(r, "None", "512GB SSD", "1TB SSD", "2TB SSD", "64GB"),
            ["Color"] = Pick(r, "Black", "White", "Gray", "Midnight Black"),
        },
        ["console", "handheld", "controller", "wireless", "rgb", "mechanical", "esports", "4k gaming", "portable", "family"],
        ["console", "controller", "gaming keyboard", "gaming mouse", "handheld"]),

        new("Monitors", "MON", (99m, 1999m),
        [
            ("Dell", ["UltraSharp U2724D", "UltraSharp U3224KB", "Alienware AW3225QF", "S2722QC"]),
            ("LG", ["UltraGear 27GR95QE", "UltraFine 32UN880", "27UP850N", "UltraWide 34WP65C"]),
            ("Samsung", ["Odyssey G7", "Odyssey OLED G8", "ViewFinity S9", "Smart Monitor M8"]),
            ("ASUS", ["ROG Swift PG27AQDM", "ProArt PA279CRV", "TUF VG27AQ"]),
            ("BenQ", ["PD2706U", "MOBIUZ EX2710Q", "GW2490"]),
            ("AOC", ["24G4X", "Q27G3XMN"]),
            ("Apple", ["Studio Display", "Pro Display XDR"]),
        ],
        r => new()
        {
            ["Size"] = Pick(r, "24\"", "27\"", "32\"", "34\" ultrawide", "49\" super ultrawide"),
            ["Resolution"] = Pick(r, "1080p", "1440p QHD", "4K UHD", "5K", "3440x1440"),
            ["Refresh Rate"] = Pick(r, "60Hz", "75Hz", "144Hz", "165Hz", "240Hz", "360Hz"),
            ["Panel"] = Pick(r, "IPS", "VA", "OLED", "QD-OLED", "Mini LED"),
            ["Ports"] = Pick(r, "HDMI 2.1, DisplayPort 1.4", "USB-C 90W, HDMI", "Thunderbolt 4, USB-C hub", "HDMI, DisplayPort"),
        },
        ["4k", "gaming", "photo editing", "color accurate", "usb c", "hdr", "office", "curved", "high refresh", "oled"],
        ["monitor", "display"]),

        new("Headphones", "AUD", (29m, 549m),
        [
            ("Sony", ["WH-1000XM5", "WH-1000XM6", "WF-1000XM5", "ULT Wear", "WH-CH720N"]),
            ("Bose", ["QuietComfort Ultra", "QuietComfort 45", "QuietComfort Earbuds II"]),
            ("Apple", ["AirPods Pro 2", "AirPods 4", "AirPods Max"]),
            ("Sennheiser", ["Momentum 4", "HD 660S2", "Accentum Plus"]),
            ("Jabra", ["Elite 10", "Evolve2 85"]),
            ("Beats", ["Studio Pro", "Fit Pro", "Solo 4"]),
            ("Samsung", ["Galaxy Buds3 Pro", "Galaxy Buds FE"]),
            ("Anker", ["Soundcore Space Q45", "Soundcore Liberty 4"]),
        ],
        r => new()
        {
            ["Type"] = Pick(r, "Over-ear", "On-ear", "In-ear", "Open-back over-ear"),
            ["Noise Cancelling"] = Pick(r, "Active noise cancelling", "Adaptive ANC", "None", "Hybrid ANC"),
            ["Battery"] = $"{r.Next(6, 60)} hours",
            ["Connectivity"] = Pick(r, "Bluetooth 5.3", "Bluetooth 5.4, multipoint", "Wired 3.5mm", "Bluetooth 5.2, USB-C audio"),
            ["Weight"] = $"{r.Next(5, 390)} g",
        },
        ["noise cancelling", "wireless", "earbuds", "travel", "workout", "audiophile", "calls", "bass", "commute", "comfortable"],
        ["headphones", "earbuds", "headset"]),

        new("Phones", "PHN", (149m, 1799m),
        [
            ("Apple", ["iPhone 16", "iPhone 16 Plus", "iPhone 16 Pro", "iPhone 16 Pro Max", "iPhone 16e"]),
            ("Samsung", ["Galaxy S25", "Galaxy S25 Ultra", "Galaxy A56", "Galaxy Z Flip6", "Galaxy Z Fold6"]),
            ("Google", ["Pixel 9", "Pixel 9 Pro", "Pixel 9a", "Pixel 9 Pro Fold"]),
            ("OnePlus", ["13", "Nord 4", "13R"]),
            ("Motorola", ["Edge 2025", "Moto G Power", "Razr+"]),
            ("Nothing", ["Phone (3a)", "Phone (2)"]),
        ],
        r => new()
        {
            ["Display"] = Pick(r, "6.1\" OLED 120Hz", "6.7\" AMOLED 120Hz", "6.3\" LTPO OLED", "6.5\" LCD 90Hz"),
            ["Storage"] = Pick(r, "128GB", "256GB", "512GB", "1TB"),
            ["Camera"] = Pick(r, "48MP main, 12MP ultra wide", "200MP main, 5x telephoto", "50MP main, 48MP ultra wide", "50MP dual camera"),
            ["Battery"] = $"{r.Next(3500, 5500)}mAh",
            ["5G"] = "Yes",
        },
        ["camera", "5g", "flagship", "budget", "long battery", "foldable", "compact", "android", "ios", "night mode"],
        ["phone", "smartphone"]),

        new("Smart Home", "HOM", (19m, 499m),
        [
            ("Amazon", ["Echo Dot (5th Gen)", "Echo Show 8", "Echo Pop", "Echo Studio"]),
            ("Google", ["Nest Hub (2nd Gen)", "Nest Thermostat", "Nest Cam Outdoor", "Nest Doorbell"]),
            ("Philips Hue", ["White and Color Starter Kit", "Lightstrip Plus", "Bridge Pro"]),
            ("Ring", ["Video Doorbell 4", "Stick Up Cam", "Alarm Pro"]),
            ("Ecobee", ["Smart Thermostat Premium", "SmartSensor"]),
            ("Arlo", ["Pro 5S 2K", "Essential Indoor"]),
            ("TP-Link", ["Kasa Smart Plug", "Tapo C120", "Deco X55 Mesh"]),
        ],
        r => new()
        {
            ["Connectivity"] = Pick(r, "Wi-Fi", "Wi-Fi, Zigbee", "Matter, Thread", "Bluetooth, Wi-Fi"),
            ["Works With"] = Pick(r, "Alexa", "Google Assistant", "Apple Home", "Alexa, Google Assistant, Apple Home"),
            ["Power"] = Pick(r, "Plug-in", "Battery", "Hardwired", "Solar or battery"),
        },
        ["smart speaker", "security", "camera", "doorbell", "lighting", "thermostat", "voice control", "matter", "energy saving", "mesh wifi"],
        ["smart speaker", "camera", "thermostat", "smart plug"]),

        new("Accessories", "ACC", (9m, 399m),
        [
            ("Anker", ["737 Power Bank", "Prime 100W Charger", "USB-C Hub 7-in-1", "MagGo Wireless Charger"]),
            ("Logitech", ["MX Master 3S", "MX Keys S", "Brio 4K Webcam", "Lift Vertical Mouse"]),
            ("Apple", ["Magic Keyboard", "MagSafe Charger", "USB-C to Lightning Cable"]),
            ("Samsung", ["T7 Portable SSD", "EVO Plus microSD", "45W Travel Adapter"]),
            ("CalDigit", ["TS4 Thunderbolt Dock", "Element Hub"]),
            ("Belkin", ["BoostCharge Pro 3-in-1", "Connect USB-C Hub"]),
        ],
        r => new()
        {
            ["Connectivity"] = Pick(r, "USB-C", "Bluetooth", "Thunderbolt 4", "2.4GHz receiver", "MagSafe"),
            ["Compatibility"] = Pick(r, "Mac, Windows", "iPhone, Android", "Universal", "iPad, Mac"),
            ["Capacity"] = Pick(r, "10000mAh", "20000mAh", "1TB", "2TB", "N/A"),
            ["Power"] = Pick(r, "20W", "65W", "100W", "140W", "N/A"),
        },
        ["charging", "usb c", "productivity", "travel", "storage", "ergonomic", "wireless", "desk setup", "fast charging", "portable"],
        ["charger", "hub", "mouse", "keyboard", "cable"]),

        new("Tablets", "TAB", (79m, 2399m),
        [
            ("Apple", ["iPad (10th Gen)", "iPad Air 11", "iPad Air 13", "iPad Pro 11", "iPad Pro 13", "iPad mini"]),
            ("Samsung", ["Galaxy Tab S10", "Galaxy Tab S10 Ultra", "Galaxy Tab A9+", "Galaxy Tab S9 FE"]),
            ("Microsoft", ["Surface Pro 11", "Surface Go 4"]),
            ("Amazon", ["Fire HD 10", "Fire Max 11", "Fire HD 8 Kids"]),
            ("Lenovo", ["Tab P12", "Tab M11"]),
            ("Google", ["Pixel Tablet"]),
        ],
        r => new()
        {
            ["Display"] = Pick(r, "8\" HD", "10.9\" Liquid Retina", "11\" OLED 120Hz", "13\" Ultra Retina XDR", "12.4\" AMOLED"),
            ["Storage"] = Pick(r, "32GB", "64GB", "128GB", "256GB", "512GB", "1TB"),
            ["Chip"] = Pick(r, "Apple M4", "Apple M2", "Snapdragon 8 Gen 3", "MediaTek Helio G99", "Snapdragon X Plus"),
            ["Stylus"] = Pick(r, "Supported", "Included", "Not supported"),
        },
        ["kids", "drawing", "stylus", "note taking", "streaming", "reading", "productivity", "budget", "oled", "travel"],
        ["tablet"]),

        new("Wearables", "WEA", (49m, 999m),
        [
            ("Apple", ["Watch Series 10", "Watch Ultra 2", "Watch SE"]),
            ("Samsung", ["Galaxy Watch7", "Galaxy Watch Ultra", "Galaxy Ring"]),
            ("Garmin", ["Forerunner 265", "Fenix 8", "Venu 3", "Instinct 2X Solar"]),
            ("Google", ["Pixel Watch 3", "Fitbit Charge 6"]),
            ("Fitbit", ["Versa 4", "Inspire 3"]),
            ("Oura", ["Ring 4"]),
        ],
        r => new()
        {
            ["Battery"] = Pick(r, "18 hours", "2 days", "7 days", "14 days", "up to 40 days with solar"),
            ["GPS"] = Pick(r, "Built-in GPS", "Multi-band GPS", "Connected GPS", "None"),
            ["Water Resistance"] = Pick(r, "5 ATM", "10 ATM", "IP68", "WR50"),
            ["Sensors"] = Pick(r, "Heart rate, SpO2, ECG", "Heart rate, sleep, skin temperature", "Heart rate, HRV, barometer"),
        },
        ["fitness", "running", "gps", "sleep tracking", "health", "swimming", "smartwatch", "long battery", "outdoor", "notifications"],
        ["smartwatch", "fitness tracker", "smart ring"]),

        new("Cameras", "CAM", (99m, 4499m),
        [
            ("Sony", ["Alpha 7 IV", "Alpha 6700", "ZV-E10 II", "RX100 VII"]),
            ("Canon", ["EOS R6 Mark II", "EOS R50", "EOS R8", "PowerShot V10"]),
            ("Nikon", ["Z6 III", "Z50 II", "Zf"]),
            ("Fujifilm", ["X-T5", "X100VI", "X-S20"]),
            ("DJI", ["Osmo Pocket 3", "Osmo Action 5 Pro", "Mini 4 Pro"]),
            ("GoPro", ["HERO13 Black", "HERO12 Black"]),
        ],
        r => new()
        {
            ["Sensor"] = Pick(r, "Full-frame 33MP", "APS-C 26MP", "1-inch 20MP", "Micro Four Thirds 20MP", "Full-frame 24MP"),
            ["Video"] = Pick(r, "4K 60fps", "4K 120fps", "6K 30fps", "1080p 120fps", "5.3K 60fps"),
            ["Stabilization"] = Pick(r, "5-axis IBIS", "Gimbal", "Electronic", "None"),
            ["Mount"] = Pick(r, "Sony E", "Canon RF", "Nikon Z", "Fujifilm X", "Fixed lens"),
        },
        ["mirrorless", "vlogging", "travel", "4k video", "beginner", "professional", "action camera", "drone", "compact", "low light"],
        ["camera", "mirrorless camera", "action camera"]),
    ];

    public static IReadOnlyList<string> CategoryNames => Categories.Select(c => c.Name).ToList();

    public static List<Product> Generate(int count, int seed, Guid tenantId)
    {
        var random = new Random(seed);
        var products = new List<Product>(count);
        Span<byte> guidBytes = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            var category = Categories[i % Categories.Length];
            var (brand, series) = category.Lines[random.Next(category.Lines.Length)];
            var line = series[random.Next(series.Length)];
            var variant = Pick(random, "", "", " (2025)", " (2026)", " Pro", " Plus", " Lite", " SE", " Max");
            var model = $"{(char)('A' + random.Next(26))}{random.Next(100, 9999)}";
            var name = $"{brand} {line}{variant} {model}";
            var specs = category.Specs(random);
            var tags = Enumerable.Range(0, random.Next(2, 6)).Select(_ => category.Tags[random.Next(category.Tags.Length)]).Distinct().ToList();
            var noun = category.Nouns[random.Next(category.Nouns.Length)];
            var description = string.Format(CultureInfo.InvariantCulture, Openers[random.Next(Openers.Length)], noun) + " " +
                              Closers[random.Next(Closers.Length)];
            var price = Math.Round(category.Price.Min + ((category.Price.Max - category.Price.Min) * (decimal)Math.Pow(random.NextDouble(), 2)), 0) - 0.01m;
            random.NextBytes(guidBytes);
            var product = new Product
            {
                Id = new Guid(guidBytes),
                TenantId = tenantId,
                Sku = $"{category.Code}-{brand.ToUpperInvariant().Replace(' ', '-')}-{i:D6}",
                Name = name,
                Brand = brand,
                Category = category.Name,
                Price = Math.Max(price, 4.99m),
                Currency = "USD",
                Stock = random.Next(10) == 0 ? 0 : random.Next(1, 80),
                Rating = Math.Round(3.0m + (decimal)(random.NextDouble() * 2.0), 1),
                Description = description,
                Specs = specs,
                Tags = tags,
            };
            product.SearchText = ProductImporter.SearchTextOf(product);
            products.Add(product);
        }
        return products;
    }

    /// <summary>The demo catalog (data/products/products.json), converted the way the importer does it.</summary>
    public static List<Product> LoadDemo(string path, Guid tenantId)
    {
        var rows = ProductFileReader.Read(path);
        var invalid = rows.Where(r => !r.IsValid).ToList();
        if (invalid.Count > 0)
        {
            throw new InvalidOperationException($"{path}: {invalid.Count} invalid rows, first: line {invalid[0].Line}: {string.Join("; ", invalid[0].Errors)}");
        }
        return rows.Select((row, i) =>
        {
            var input = row.Input;
            var product = new Product
            {
                Id = new Guid(i + 1, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]),
                TenantId = tenantId,
                Sku = input.Sku!,
                Name = input.Name!.Trim(),
                Brand = input.Brand!.Trim(),
                Category = input.Category!.Trim(),
                Price = decimal.Parse(input.Price!, NumberStyles.Number, CultureInfo.InvariantCulture),
                Currency = input.Currency!.ToUpperInvariant(),
                Stock = int.Parse(input.Stock!, CultureInfo.InvariantCulture),
                Rating = string.IsNullOrWhiteSpace(input.Rating) ? null : decimal.Parse(input.Rating, NumberStyles.Number, CultureInfo.InvariantCulture),
                Description = input.Description ?? "",
                Specs = input.Specs,
                Tags = input.Tags,
            };
            product.SearchText = ProductImporter.SearchTextOf(product);
            return product;
        }).ToList();
    }

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}
