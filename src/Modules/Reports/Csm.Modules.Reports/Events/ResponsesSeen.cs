using System.Text.Json;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Surveys.Contracts;
using Csm.BuildingBlocks.Messaging;

using Csm.Modules.Reports.Facts;

namespace Csm.Modules.Reports.Events;

/// <summary>
/// Keeps each answered survey as a response fact and counts it into the rollups once: a response never changes, so a
/// second delivery of the same response id finds the row and does nothing. A run of answers (a busy hour's worth) is
/// taken at once: one read per table and the rollups' rows summed before they are written.
/// </summary>
internal sealed class ResponsesSeen(DbSession session, ReportingZone reporting) : IBatchNotificationHandler<SurveyResponded>
{
    public Task Handle(SurveyResponded e, CancellationToken ct) => Handle([e], ct);

    public async Task Handle(IReadOnlyList<SurveyResponded> events, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var known = (await c.QueryAsync<long>("SELECT response_id FROM rpt_responses WHERE response_id IN @Ids",
            new { Ids = events.Select(e => e.ResponseId).Distinct().ToList() }, tx)).ToHashSet();
        var fresh = events.Where(e => known.Add(e.ResponseId)).ToList();
        if (fresh.Count == 0) return;

        // The channel is the ticket's, when the survey followed one; the Tickets module told us about it earlier.
        var ticketIds = fresh.Where(e => e.TicketId is not null).Select(e => e.TicketId!.Value).Distinct().ToList();
        var channels = ticketIds.Count == 0 ? [] : (await c.QueryAsync<(long TicketId, string? Channel)>(
            "SELECT ticket_id, channel FROM rpt_tickets WHERE ticket_id IN @Ids", new { Ids = ticketIds }, tx)).ToDictionary(t => t.TicketId, t => t.Channel);
        // The run's facts and their themes as one JSON parameter each: a statement per table, not one per answer.
        var d = session.Dialect;
        string V(string key, SqlType type = SqlType.Text) => d.JsonValue("j.value", "$." + key, type);
        await c.ExecuteAsync(
            $"""
            INSERT INTO rpt_responses (response_id, survey_id, customer_id, tier, touchpoint, nps, csat, ces, comment, themes, ticket_id,
              ticket_type, channel, answered_via, agent, team, classification, responded_at)
            SELECT {V("id", SqlType.BigInt)}, {V("survey", SqlType.BigInt)}, {V("customer", SqlType.BigInt)}, {V("tier")}, {V("touchpoint")},
              {V("nps", SqlType.BigInt)}, {V("csat", SqlType.BigInt)}, {V("ces", SqlType.BigInt)}, {V("comment", SqlType.LongText)}, {V("themes", SqlType.LongText)},
              {V("ticket", SqlType.BigInt)}, {V("ticketType")}, {V("channel")}, {V("via")}, {V("agent")}, {V("team")}, {V("class")}, {V("at", SqlType.Time)}
            FROM {d.JsonRows("@Rows")} j
            WHERE NOT EXISTS (SELECT 1 FROM rpt_responses x WHERE x.response_id = {V("id", SqlType.BigInt)})
            """,
            new { Rows = FactRows(fresh, channels) }, tx);

        var facts = (await c.QueryAsync<ResponseFact>(ResponseFact.Select + " WHERE r.response_id IN @Ids",
            new { Ids = fresh.Select(e => e.ResponseId).ToList() }, tx)).ToList();
        await DailyRollup.ApplyAsync(c, tx, d, Contribution.Sum(facts.SelectMany(f => Contribution.Of(f, reporting.Zone))));
        var themes = facts.SelectMany(f => Contribution.Themes(f.Themes).Select(theme => (f.ResponseId, Theme: theme, Category: Contribution.Category(f), f.RespondedAt))).ToList();
        if (themes.Count > 0)
            await c.ExecuteAsync(
                $"""
                INSERT INTO rpt_response_themes (response_id, theme, category, responded_at)
                SELECT {V("id", SqlType.BigInt)}, {V("theme")}, {V("category")}, {V("at", SqlType.Time)} FROM {d.JsonRows("@Rows")} j
                """,
                new
                {
                    Rows = JsonRows.Text(themes, static (w, t) =>
                    {
                        w.WriteStartObject();
                        w.WriteNumber("id", t.ResponseId);
                        w.WriteString("theme", t.Theme);
                        w.WriteString("category", t.Category);
                        w.WriteString("at", JsonRows.Time(t.RespondedAt));
                        w.WriteEndObject();
                    }),
                }, tx);
        foreach (var e in fresh)
        {
            if (e.CustomerId is not null) await RememberLatestScoresAsync(c, e);
            if (e.Answers is { Count: > 0 } answers) await KeepAnswersAsync(c, e, answers);
        }
    }

    private static string FactRows(IEnumerable<SurveyResponded> events, IReadOnlyDictionary<long, string?> channels) => JsonRows.Text(events, (w, e) =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", e.ResponseId);
        w.WriteNumber("survey", e.SurveyId);
        JsonRows.Number(w, "customer", e.CustomerId);
        w.WriteString("tier", Names.Camel(e.Tier));
        w.WriteString("touchpoint", Names.Camel(e.Touchpoint));
        JsonRows.Number(w, "nps", e.Nps);
        JsonRows.Number(w, "csat", e.Csat);
        JsonRows.Number(w, "ces", e.Ces);
        w.WriteString("comment", string.IsNullOrWhiteSpace(e.Comment) ? null : e.Comment.Trim());
        w.WriteString("themes", JsonSerializer.Serialize(e.Themes ?? []));
        JsonRows.Number(w, "ticket", e.TicketId);
        w.WriteString("ticketType", Names.Camel(e.TicketType));
        w.WriteString("channel", e.TicketId is { } ticket ? channels.GetValueOrDefault(ticket) : null);
        w.WriteString("via", e.Channel);
        w.WriteString("agent", e.Agent);
        w.WriteString("team", e.Team);
        w.WriteString("class", Names.Camel(e.Classification));
        w.WriteString("at", JsonRows.Time(e.RespondedAt));
        w.WriteEndObject();
    });

    /// <summary>
    /// The survey's own questions: a row per rating and per choice picked, and the question as this response saw it (a
    /// newer response's wording wins, so the report names the question as the survey asks it now).
    /// </summary>
    private async Task KeepAnswersAsync(System.Data.Common.DbConnection c, SurveyResponded e, IReadOnlyList<CustomAnswer> answers)
    {
        var tx = session.Transaction;
        await c.ExecuteAsync("INSERT INTO rpt_answers (response_id, survey_id, question, score, choice, responded_at) VALUES (@ResponseId, @SurveyId, @Question, @Score, @Choice, @RespondedAt)",
            answers.SelectMany(a => a.Kind == "rating"
                ? [new { e.ResponseId, e.SurveyId, a.Question, a.Score, Choice = (string?)null, e.RespondedAt }]
                : (a.Chosen ?? []).Select(choice => new { e.ResponseId, e.SurveyId, a.Question, Score = (int?)null, Choice = (string?)choice, e.RespondedAt })), tx);
        foreach (var a in answers)
        {
            var row = new
            {
                e.SurveyId, a.Question, a.Kind, TextZh = a.TextZh, TextEn = a.TextEn, a.ScaleMax,
                Options = JsonSerializer.Serialize(a.Options ?? []), SeenAt = e.RespondedAt,
            };
            await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_questions", "survey_id, question, kind, text_zh, text_en, scale_max, options, seen_at",
                "@SurveyId, @Question, @Kind, @TextZh, @TextEn, @ScaleMax, @Options, @SeenAt", "survey_id, question"), row, tx);
            await c.ExecuteAsync("""
                UPDATE rpt_questions SET kind = @Kind, text_zh = @TextZh, text_en = @TextEn, scale_max = @ScaleMax, options = @Options, seen_at = @SeenAt
                WHERE survey_id = @SurveyId AND question = @Question AND seen_at < @SeenAt
                """, row, tx);
        }
    }

    /// <summary>The customer's latest NPS and CSAT, for retention by category; an older answer arriving late does not win.</summary>
    private async Task RememberLatestScoresAsync(System.Data.Common.DbConnection c, SurveyResponded e)
    {
        var tx = session.Transaction;
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_customers", "customer_id", "@CustomerId", "customer_id"), new { e.CustomerId }, tx);
        await c.ExecuteAsync("""
            UPDATE rpt_customers SET latest_nps = @Nps, latest_nps_at = @RespondedAt, latest_nps_day = @Day
            WHERE customer_id = @CustomerId AND @Nps IS NOT NULL AND (latest_nps_at IS NULL OR latest_nps_at < @RespondedAt);
            UPDATE rpt_customers SET latest_csat = @Csat, latest_csat_at = @RespondedAt, latest_csat_day = @Day
            WHERE customer_id = @CustomerId AND @Csat IS NOT NULL AND (latest_csat_at IS NULL OR latest_csat_at < @RespondedAt);
            """, new { e.CustomerId, e.Nps, e.Csat, e.RespondedAt, Day = ReportingZone.LocalDay(e.RespondedAt, reporting.Zone) }, tx);
    }
}
