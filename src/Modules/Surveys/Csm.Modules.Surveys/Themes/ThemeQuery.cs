using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Dapper;
using MediatR;

namespace Csm.Modules.Surveys.Themes;

internal sealed class ThemeQuery(Db db) : IRequestHandler<FindFeedbackThemes, IReadOnlyList<string>>
{
    public async Task<IReadOnlyList<string>> Handle(FindFeedbackThemes request, CancellationToken ct)
    {
        if (request.Codes.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>("SELECT code FROM srv_themes WHERE code IN @Codes", new { request.Codes })).ToList();
    }
}
