namespace Csm.BuildingBlocks.Auth;

/// <summary>Rate-limiter policy names the host defines and endpoints refer to.</summary>
public static class RateLimits
{
    /// <summary>Sign-in attempts per client address.</summary>
    public const string Login = "login";

    /// <summary>Public, unauthenticated endpoints (survey responses) per client address.</summary>
    public const string Public = "public";
}
