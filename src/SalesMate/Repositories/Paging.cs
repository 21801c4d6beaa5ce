namespace SalesMate.Repositories;

public static class Paging
{
    /// <summary>
    /// Rows before a 1-based page. Multiplied in 64 bits: page=2147483647 must skip every row, where int arithmetic
    /// wraps to a negative OFFSET (the first page on SQLite, an error on PostgreSQL).
    /// </summary>
    public static int Skip(int page, int pageSize) => (int)Math.Clamp((long)(page - 1) * pageSize, 0, int.MaxValue);
}
