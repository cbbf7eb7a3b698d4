using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csm.Modules.Tickets.Mail;

/// <summary>
/// Mail the moment it arrives: for each enabled mailbox whose server offers IMAP IDLE (RFC 2177), one connection waits in
/// IDLE on its folder and, when the server announces a new message, the mailbox is polled at once through
/// <see cref="MailboxPoller"/> (the same path as the minute's poll, which goes on as the safety net: a message taken by both
/// counts once, by its Message-ID and mailbox). IDLE is renewed every <c>Tickets:Mail:IdleRenewSeconds</c> (540, under the
/// 29 minutes servers allow); the mailboxes are read again every <c>Tickets:Mail:IdleRefreshSeconds</c> (30), so one added,
/// changed, switched off or deleted is watched or let go; a connection that fails is retried after 1 s, doubling to 5
/// minutes (the minute's poll records the error for admins). <c>Tickets:Mail:Idle</c> false leaves only the poll. On a
/// cluster every host watches: harmless, as above.
/// </summary>
internal sealed class MailboxWatcher(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<MailboxWatcher> log) : BackgroundService
{
    private sealed record Watch(long Version, CancellationTokenSource Stop, Task Running);

    private readonly ConcurrentDictionary<long, Watch> _watches = new();
    private readonly ConcurrentDictionary<long, bool> _idling = new();

    /// <summary>Whether this host holds an IDLE connection on the mailbox now (else it is polled each minute).</summary>
    public bool IsIdling(long mailboxId) => _idling.ContainsKey(mailboxId);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!configuration.GetValue("Tickets:Mail:Idle", true)) return;
        var refresh = TimeSpan.FromSeconds(configuration.GetValue("Tickets:Mail:IdleRefreshSeconds", 30));
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stopping);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    log.LogWarning(e, "The mailboxes to watch could not be read");
                }
                await Task.Delay(refresh, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        finally
        {
            foreach (var watch in _watches.Values) watch.Stop.Cancel();
            await Task.WhenAll(_watches.Values.Select(w => w.Running));
        }
    }

    private async Task ReconcileAsync(CancellationToken stopping)
    {
        IReadOnlyList<MailboxStore.Row> enabled;
        await using (var scope = scopes.CreateAsyncScope())
            enabled = await MailboxStore.AllAsync(await scope.ServiceProvider.GetRequiredService<DbSession>().ConnectionAsync(stopping), enabledOnly: true);
        var wanted = enabled.ToDictionary(m => m.Id);
        foreach (var (id, watch) in _watches)
        {
            if (wanted.TryGetValue(id, out var row) && row.Version == watch.Version && !watch.Running.IsCompleted) continue;
            if (row is not null && watch.Running.IsCompleted && row.Version == watch.Version) continue; // its server offers no IDLE
            watch.Stop.Cancel();
            await watch.Running;
            _watches.TryRemove(id, out _);
        }
        foreach (var row in enabled.Where(m => !_watches.ContainsKey(m.Id)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _watches[row.Id] = new Watch(row.Version, stop, Task.Run(() => WatchAsync(row, stop.Token), CancellationToken.None));
        }
    }

    private async Task WatchAsync(MailboxStore.Row mailbox, CancellationToken ct)
    {
        var renew = TimeSpan.FromSeconds(configuration.GetValue("Tickets:Mail:IdleRenewSeconds", 540));
        var wait = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                using var client = await scope.ServiceProvider.GetRequiredService<MailboxPoller>().ConnectAsync(mailbox, ct);
                if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    log.LogInformation("Mailbox {Mailbox} ({Id}): the server offers no IDLE; it is polled each minute", mailbox.Name, mailbox.Id);
                    return;
                }
                var folder = await client.GetFolderAsync(mailbox.Folder, ct);
                await folder.OpenAsync(FolderAccess.ReadOnly, ct);
                _idling[mailbox.Id] = true;
                wait = TimeSpan.FromSeconds(1);
                await TakeAsync(mailbox.Id, ct); // what arrived while nobody was watching
                while (!ct.IsCancellationRequested)
                {
                    var arrived = false;
                    using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    done.CancelAfter(renew);
                    void Arrived(object? sender, EventArgs e)
                    {
                        arrived = true;
                        done.Cancel();
                    }
                    folder.CountChanged += Arrived;
                    try
                    {
                        await client.IdleAsync(done.Token, ct);
                    }
                    finally
                    {
                        folder.CountChanged -= Arrived;
                    }
                    if (arrived) await TakeAsync(mailbox.Id, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _idling.TryRemove(mailbox.Id, out _);
                log.LogWarning("Mailbox {Mailbox} ({Id}) cannot be watched, again in {Wait}: {Error}", mailbox.Name, mailbox.Id, wait, MailboxPoller.Describe(mailbox, e));
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
        _idling.TryRemove(mailbox.Id, out _);
    }

    /// <summary>The new messages, through the poll of this one mailbox as it is now (where the last poll got to).</summary>
    private async Task TakeAsync(long mailboxId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        if (await MailboxStore.ByIdAsync(await session.ConnectionAsync(ct), mailboxId) is not { IsEnabled: true } mailbox) return;
        var report = await scope.ServiceProvider.GetRequiredService<MailboxPoller>().PollAsync(mailbox, ct);
        if (report.Taken > 0) log.LogInformation("Mailbox {Id}: {Taken} new message(s) taken as they arrived", mailboxId, report.Taken);
    }
}
