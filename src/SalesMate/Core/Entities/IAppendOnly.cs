namespace SalesMate.Core.Entities;

/// <summary>
/// Rows that are only ever inserted (usage events, LLM call records, lead signals and events): once saved, nothing
/// changes them, so a save may stop tracking them instead of snapshotting them (<see cref="Database.SingleCommandSave"/>).
/// </summary>
public interface IAppendOnly;
