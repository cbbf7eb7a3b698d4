namespace Csm.BuildingBlocks.Auth;

/// <summary>Rate-limiter policy names the host defines and endpoints refer to.</summary>
public static class RateLimits
{
    /// <summary>Sign-in attempts per client address.</summary>
    public const string Login = "login";

    /// <summary>Public, unauthenticated endpoints (survey responses) per client address.</summary>
    public const string Public = "public";

    /// <summary>Magic links asked for per client address (the portal's sign-in); each address typed is limited too.</summary>
    public const string PortalLinks = "portalLinks";
}
