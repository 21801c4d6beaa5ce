using System.Text.Json.Serialization;

namespace SalesMate.Core.Entities;

/// <summary>How recommendations are listed: best match first, or by price.</summary>
[JsonConverter(typeof(LenientEnumConverter<PriceOrder>))]
public enum PriceOrder { Relevance, LowestFirst, HighestFirst }
