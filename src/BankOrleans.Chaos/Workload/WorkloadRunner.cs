using System.Collections.Concurrent;
using BankOrleans.Chaos.History;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Chaos.Workload;

/// <summary>
/// The concurrent workload: transfer workers moving random amounts between the funded accounts,
/// and two snapshot readers (masters, reader) reading every balance in a loop. Every call is
/// recorded in <see cref="RunHistory"/> with monotonic invoke/complete times.
/// </summary>
internal sealed class WorkloadRunner(
    IBankWorkload bank, IReadOnlyList<string> accounts, long fundingCents, int workers, int seed, ChaosLog log, RunHistory history)
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<string, string> _servedBy = new();

    /// <summary>How often a transfer is sent 3 times concurrently with one request id (0 = never, 1 = always).</summary>
    public double StormProbability { get; set; }

    /// <summary>The silo whose coordinator last answered a write of each account.</summary>
    public IReadOnlyDictionary<string, string> ServedBy => _servedBy;

    public Task RunAsync(CancellationToken stop)
    {
        var tasks = new List<Task>();
        for (var w = 0; w < workers; w++)
        {
            var worker = w;
            tasks.Add(Task.Run(() => TransferLoopAsync(worker, stop), CancellationToken.None));
        }

        tasks.Add(Task.Run(() => SnapshotLoopAsync("masters", bank.ReadFromMastersAsync, stop), CancellationToken.None));
        tasks.Add(Task.Run(() => SnapshotLoopAsync("reader", bank.ReadFromReaderAsync, stop), CancellationToken.None));
        return Task.WhenAll(tasks);
    }

    private async Task TransferLoopAsync(int worker, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(seed, worker));
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var from = accounts[random.Next(accounts.Count)];
            var to = accounts[(accounts.ToList().IndexOf(from) + 1 + random.Next(accounts.Count - 1)) % accounts.Count];
            var amount = 1 + random.NextInt64(fundingCents / 3);
            var txId = $"chaos-{seed}-w{worker}-{n}";
            var sends = random.NextDouble() < StormProbability ? 3 : 1;
            var invoked = log.Now;
            var results = await Task.WhenAll(Enumerable.Range(0, sends).Select(_ => SendAsync(txId, from, to, amount))).ConfigureAwait(false);
            var completed = log.Now;
            var acked = results.FirstOrDefault(r => r.Ok);
            var outcome = acked is not null ? TransferOutcome.Acknowledged
                : results.Any(r => !IsDefiniteFailure(r.Error)) ? TransferOutcome.Unknown
                : TransferOutcome.Failed;
            var chosen = acked ?? results.FirstOrDefault(r => r.Error is not ErrorCodes.OutcomeUnknown and not null) ?? results[0];
            if (acked is not null)
            {
                _servedBy[from] = acked.ServedBy;
            }

            history.Add(new TransferRecord(txId, from, to, amount, invoked, completed, outcome,
                acked is null ? string.Join(",", results.Select(r => r.Error).Distinct()) : null,
                acked?.Accounts ?? [], chosen.ServedBy, sends));
            if (!(acked is not null || outcome == TransferOutcome.Failed))
            {
                // Back off a little while the cluster is unhappy, so that 2 cores are not spent on timeouts.
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<WriteResult> SendAsync(string txId, string from, string to, long amount)
    {
        try
        {
            return await bank.TransferAsync(txId, from, to, amount).WaitAsync(CallLimit).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A timeout or a lost gateway says nothing about whether the transfer landed.
            return WriteResult.Failed(ErrorCodes.OutcomeUnknown, exception.GetType().Name + ": " + exception.Message, txId, "?");
        }
    }

    private static bool IsDefiniteFailure(string? error) =>
        error is ErrorCodes.Unavailable or ErrorCodes.InsufficientFunds or ErrorCodes.InvalidAccount or ErrorCodes.BadInput or ErrorCodes.BalanceLimit;

    private async Task SnapshotLoopAsync(string source, Func<string, Task<BalanceView>> read, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = log.Now;
            var reads = new List<BalanceRead>(accounts.Count);
            foreach (var account in accounts)
            {
                reads.Add(await ReadAsync(account, read).ConfigureAwait(false));
            }

            history.Add(new SnapshotRecord(source, started, log.Now, reads));
            try
            {
                await Task.Delay(reads.All(r => r.Ok) ? 150 : 500, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<BalanceRead> ReadAsync(string account, Func<string, Task<BalanceView>> read)
    {
        try
        {
            var view = await read(account).WaitAsync(CallLimit).ConfigureAwait(false);
            return new BalanceRead(account, view.Ok, view.BalanceCents, view.Version, view.ServedBy, view.Error);
        }
        catch (Exception exception)
        {
            return new BalanceRead(account, false, 0, 0, "?", exception.GetType().Name);
        }
    }
}
