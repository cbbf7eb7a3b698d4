namespace Csm.Host.Auth;

internal static class Schemes
{
    /// <summary>Picks cookie, bearer or API key per request.</summary>
    public const string Smart = "Csm";
    public const string Cookie = "Cookies";
    public const string Bearer = "Bearer";
    public const string ApiKey = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
}
