using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Csm.Bench;

/// <summary>
/// Public survey answers under load: anonymous link invitations are seeded straight into the database (their tokens are
/// known to the bench; only hashes are stored, as the issuer stores them), then each client answers the next unused token
/// through POST /api/public/surveys/{token}/responses, so every request is a first, valid answer.
/// </summary>
internal static class PublicResponses
{
    public static Task<LoadResult> RunAsync(HostProcess host, int clients, TimeSpan warmUp, TimeSpan duration, int tokens) =>
        RunAsync([host], clients, warmUp, duration, tokens);

    /// <summary>
    /// Answers sent to the hosts in turn (several hosts on one database share the tokens), each from an address of its
    /// own as respondents' phones are (X-Forwarded-For, believed from the loopback proxy the hosts name): the rate limit
    /// counts per address, so one address for all the load would measure one client's counter, not the system.
    /// </summary>
    public static async Task<LoadResult> RunAsync(HostProcess[] hosts, int clients, TimeSpan warmUp, TimeSpan duration, int tokens)
    {
        var host = hosts[0];
        var (_, prefix) = await SeedSurveyAsync(host, tokens);
        var next = -1;
        var name = hosts.Length == 1 ? "POST /api/public/surveys/{token}/responses" : $"POST …/responses on {hosts.Length} hosts";
        return await Load.RunAsync(name, clients, warmUp, duration, r =>
        {
            var i = Interlocked.Increment(ref next);
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/public/surveys/{Token(prefix, i)}/responses")
            {
                Content = JsonContent.Create(new
                {
                    answers = new object[] { new { question = "nps", score = r % 11 }, new { question = "why", text = r % 3 == 0 ? "回复太慢了" : "Friendly staff" } },
                }),
            };
            if (hosts.Length > 1 || host.Postgres is not null) request.Headers.Add("X-Forwarded-For", $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}");
            return hosts[i % hosts.Length].Client.SendAsync(request);
        });
    }

    /// <summary>
    /// A two-question NPS survey with <paramref name="tokens"/> unanswered link invitations whose tokens are
    /// <c>{prefix}{i:D9}</c> for i from 0: the survey's id and the prefix.
    /// </summary>
    public static async Task<(long SurveyId, string Prefix)> SeedSurveyAsync(HostProcess host, int tokens)
    {
        var survey = await (await host.Client.PostAsJsonAsync("/api/surveys", new
        {
            name = "Bench NPS", touchpoint = "service",
            title = new { zh = "服务满意度调查", en = "Service survey" },
            questions = new object[]
            {
                new { key = "nps", kind = "nps", text = new { zh = "您有多大可能向朋友推荐我们？", en = "How likely are you to recommend us?" } },
                new { key = "why", kind = "text", required = false, text = new { zh = "为什么？", en = "Why?" } },
            },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        var surveyId = survey!["id"]!.GetValue<long>();
        var prefix = $"bench-{surveyId}-";
        if (host.Postgres is { } postgres) await SeedPostgresAsync(postgres, surveyId, prefix, tokens);
        else await SeedAsync(host.DatabaseFile, surveyId, prefix, tokens);
        return (surveyId, prefix);
    }

    private static string Token(string prefix, int i) => $"{prefix}{i:D9}";

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static async Task SeedPostgresAsync(string connectionString, long surveyId, string prefix, int count)
    {
        await using var c = new Npgsql.NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var now = DateTime.UtcNow;
        await using var copy = await c.BeginBinaryImportAsync(
            "COPY srv_invitations (survey_id, token_hash, channel, language, status, send_at, expires_at, created_at) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < count; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(surveyId, NpgsqlTypes.NpgsqlDbType.Bigint);
            await copy.WriteAsync(Hash(Token(prefix, i)), NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync("link", NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync("zh-CN", NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync("queued", NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(now.AddDays(30), NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    private static async Task SeedAsync(string databaseFile, long surveyId, string prefix, int count)
    {
        await using var c = new SqliteConnection($"Data Source={databaseFile};Default Timeout=60");
        await c.OpenAsync();
        await c.ExecuteAsync("PRAGMA busy_timeout = 60000");
        var now = DateTime.UtcNow;
        var at = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var expires = now.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        await using var tx = await c.BeginTransactionAsync();
        await using var insert = c.CreateCommand();
        insert.Transaction = (SqliteTransaction)tx;
        insert.CommandText = """
            INSERT INTO srv_invitations (survey_id, token_hash, channel, language, status, send_at, expires_at, created_at)
            VALUES ($s, $h, 'link', 'zh-CN', 'queued', $at, $exp, $at)
            """;
        insert.Parameters.AddWithValue("$s", surveyId);
        var hash = insert.Parameters.Add("$h", SqliteType.Text);
        insert.Parameters.AddWithValue("$at", at);
        insert.Parameters.AddWithValue("$exp", expires);
        for (var i = 0; i < count; i++)
        {
            hash.Value = Hash(Token(prefix, i));
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        // The million rows went to the write-ahead log (300 MB); a host would have checkpointed them long before its
        // traffic came, so the measured run starts from a checkpointed file instead of copying the seed out as it goes.
        await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
    }
}
