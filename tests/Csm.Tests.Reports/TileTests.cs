using Csm.Modules.Reports.Rollups;

namespace Csm.Tests.Reports;

/// <summary>How a report's range is read: whole months and weeks where they fit between the asked boundaries, days at the edges.</summary>
public sealed class TileTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Test]
    public void A_year_by_month_reads_twelve_month_tiles()
    {
        var months = Enumerable.Range(1, 12).Select(m => (D(2025, m, 1), D(2025, m, 1).AddMonths(1).AddDays(-1))).ToList();
        var tiles = Tiles.Cover(D(2025, 1, 1), D(2025, 12, 31), months);
        Assert.That(tiles, Is.EqualTo(months.Select(m => (Tiles.Month, m.Item1))));
        Assert.That(Tiles.Runs(tiles), Has.Count.EqualTo(1));
    }

    [Test]
    public void Weeks_fill_what_months_cannot_and_days_the_ragged_edges_without_crossing_a_boundary()
    {
        // 2025-03-05 is a Wednesday; the asked weeks start on Mondays 03-10 and 03-17, and the range ends on Friday 03-21.
        var tiles = Tiles.Cover(D(2025, 3, 5), D(2025, 3, 21), [(D(2025, 3, 5), D(2025, 3, 9)), (D(2025, 3, 10), D(2025, 3, 16)), (D(2025, 3, 17), D(2025, 3, 21))]);
        Assert.That(tiles, Is.EqualTo(new[]
        {
            (Tiles.Day, D(2025, 3, 5)), (Tiles.Day, D(2025, 3, 6)), (Tiles.Day, D(2025, 3, 7)), (Tiles.Day, D(2025, 3, 8)), (Tiles.Day, D(2025, 3, 9)),
            (Tiles.Week, D(2025, 3, 10)),
            (Tiles.Day, D(2025, 3, 17)), (Tiles.Day, D(2025, 3, 18)), (Tiles.Day, D(2025, 3, 19)), (Tiles.Day, D(2025, 3, 20)), (Tiles.Day, D(2025, 3, 21)),
        }));
        Assert.That(Tiles.Runs(tiles).Select(r => r.Grain), Is.EqualTo(new[] { Tiles.Day, Tiles.Week, Tiles.Day }));
        Assert.That(Tiles.StartOf(D(2025, 3, 9), Tiles.Week), Is.EqualTo(D(2025, 3, 3)), "a Sunday belongs to the week from the Monday before");
    }
}
