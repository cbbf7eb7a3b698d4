using Csm.Modules.Rules.Contracts;
using MediatR;

namespace Csm.Modules.Rules.Features;

internal sealed class RuleQuery(Db db) : IRequestHandler<FindRules, IReadOnlyList<long>>
{
    public async Task<IReadOnlyList<long>> Handle(FindRules request, CancellationToken ct)
    {
        if (request.Ids.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>("SELECT id FROM rul_rules WHERE id IN @Ids", new { request.Ids })).ToList();
    }
}
