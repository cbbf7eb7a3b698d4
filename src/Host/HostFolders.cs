using Csm.BuildingBlocks.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Csm.Host;

/// <summary>
/// Where the host finds its own files and keeps its data, whatever folder it was started from: an installed host
/// (its web root beside Csm.Host.dll) reads its settings and serves its SPA from its own folder; everything Csm
/// writes (the SQLite file, the development mail and SMS drops) goes under one data folder, a setting.
/// </summary>
internal static class HostFolders
{
    /// <summary>The setting naming the data folder; relative to the content root, "data" unless set.</summary>
    public const string DataFolderSetting = "DataFolder";

    /// <summary>
    /// The content root when nobody chose one: the host's own folder when it holds the built SPA (a published or
    /// installed host), else the working directory as ASP.NET Core does (a development checkout run from src/Host).
    /// Null leaves the choice to ASP.NET Core (and to --contentRoot or ASPNETCORE_CONTENTROOT when given).
    /// </summary>
    public static string? ContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")))
            return null;
        var own = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(own, "wwwroot", "index.html")) ? own : null;
    }

    /// <summary>
    /// Defaults every data path that was not set to a place under the data folder: ConnectionStrings:Csm (SQLite),
    /// Email:DropDirectory, Sms:DropDirectory, Blobs:Folder (attachments) and Customers:Import:Folder (files of background
    /// imports while they are read). Paths set explicitly are kept as they are.
    /// </summary>
    public static string UseDataFolder(ConfigurationManager configuration, string contentRoot)
    {
        var folder = DataFolder(configuration, contentRoot);
        DefaultTo(configuration, "ConnectionStrings:Csm", Path.Combine(folder, "csm.db"),
            when: string.IsNullOrEmpty(configuration["Database:ConnectionString"])
                && !configuration.SharedByHosts());
        DefaultTo(configuration, "Email:DropDirectory", Path.Combine(folder, "mail"));
        DefaultTo(configuration, "Sms:DropDirectory", Path.Combine(folder, "sms"));
        DefaultTo(configuration, "Blobs:Folder", Path.Combine(folder, "blobs"));
        DefaultTo(configuration, "Customers:Import:Folder", Path.Combine(folder, "imports"));
        return folder;
    }

    /// <summary>The data folder as a full path: the setting, relative to the content root, or "data" there.</summary>
    public static string DataFolder(IConfiguration configuration, string contentRoot) =>
        Path.GetFullPath(configuration[DataFolderSetting] is { Length: > 0 } set ? set : "data", contentRoot);

    /// <summary>
    /// The keys that protect sign-in cookies live in the data folder (keys/) on SQLite, so a restart — or a host with no
    /// home folder, as under systemd or in a container — does not sign everybody out; on a server engine they live in
    /// the database (<see cref="SharedKeyRing"/>), so every host honours the cookies of the others.
    /// </summary>
    public static void AddCsmKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Csm");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider, IConfiguration, IHostEnvironment, ILoggerFactory>((o, services, configuration, environment, logs) =>
            o.XmlRepository = configuration.SharedByHosts()
                ? new SharedKeyRing(services.GetRequiredService<Db>(), services.GetRequiredService<TimeProvider>())
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(DataFolder(configuration, environment.ContentRootPath), "keys")), logs));
    }

    private static void DefaultTo(ConfigurationManager configuration, string key, string value, bool when = true)
    {
        if (when && string.IsNullOrEmpty(configuration[key])) configuration[key] = value;
    }
}
