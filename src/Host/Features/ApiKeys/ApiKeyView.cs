namespace Csm.Host.Features.ApiKeys;

public sealed record ApiKeyView
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Prefix { get; init; } = "";
    public string Role { get; init; } = "";
    public string Scopes { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    /// <summary>The client address of that use (the one a known proxy forwarded).</summary>
    public string? LastUsedFrom { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    internal const string Columns =
        "id, name, prefix, role, scopes, created_by AS CreatedBy, created_at AS CreatedAt, expires_at AS ExpiresAt, last_used_at AS LastUsedAt, last_used_from AS LastUsedFrom, revoked_at AS RevokedAt";
}
