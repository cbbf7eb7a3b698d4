using System.Xml.Linq;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Csm.Host;

/// <summary>
/// The keys that protect sign-in cookies and antiforgery tokens, kept in the database (sys_key_ring) on a server
/// engine: every host reads the same ring, so a cookie one host issued is honoured by the others. Data protection
/// reads the ring at start and when a key is due, and writes a new key rarely (every 90 days by default).
/// </summary>
internal sealed class SharedKeyRing(Db db, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        return c.Query<string>("SELECT xml FROM sys_key_ring ORDER BY id").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        using var tx = c.BeginTransaction();
        c.Execute("INSERT INTO sys_key_ring (friendly_name, xml, created_at) VALUES (@Name, @Xml, @At)",
            new { Name = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), At = clock.GetUtcNow() }, tx);
        tx.Commit();
    }
}
