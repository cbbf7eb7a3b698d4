namespace Csm.BuildingBlocks.Modules;

/// <summary>
/// Something the host cannot start with — a setting it cannot use, a data folder it cannot write, a database a newer
/// Csm migrated. The host prints the message as one line and exits with code 1; no stack trace, nothing half-started.
/// </summary>
public sealed class HostCannotStart(string message) : Exception(message)
{
    /// <summary>A setting the host cannot use, named as the operator writes it (e.g. Proxy:KnownProxies).</summary>
    public static HostCannotStart Setting(string setting, string problem) => new($"{setting}: {problem}");
}
