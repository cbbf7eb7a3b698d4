namespace Csm.BuildingBlocks;

/// <summary>A page of a list: <c>{ "items": [...], "total": n, "page": p, "pageSize": s }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

/// <summary>Page numbers start at 1; the page size is capped so no request can ask for the whole table.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 25;
    public const int MaxSize = 200;

    public int Offset => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize) => new(
        Math.Max(1, page ?? 1),
        Math.Clamp(pageSize ?? DefaultSize, 1, MaxSize));
}

/// <summary>The query string of a list that only pages: <c>?page=2&amp;pageSize=50</c>.</summary>
public sealed record PageQuery(int? Page = null, int? PageSize = null);
