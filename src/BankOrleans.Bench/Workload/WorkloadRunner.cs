using System.Diagnostics;
using System.Globalization;
using BankOrleans.Bench.Measurement;
using BankOrleans.Bench.Options;

namespace BankOrleans.Bench.Workload;

/// <summary>
/// Drives one <see cref="IBankWorkloadTarget"/>: funds the accounts, runs the workers for a
/// round (warm-up, then the measured duration), resolves unknown outcomes and checks that money
/// was conserved. Every worker waits for its answer before it sends the next operation (a closed
/// loop), so concurrency is the number of operations in flight. Worker <c>w</c> acts as one
/// customer: it owns accounts <c>w, w + C, w + 2C, …</c> and moves money between them.
/// </summary>
public sealed class WorkloadRunner(BenchOptions options, string runId, ProgressLine progress)
{
    private const int ReadAttempts = 3;

    /// <summary>The smallest and largest amount a workload operation moves, in cents (0.01 … 10.00).</summary>
    public const int MinAmountCents = 1;

    /// <inheritdoc cref="MinAmountCents"/>
    public const int MaxAmountCents = 1_000;

    /// <summary>Opens and funds <see cref="BenchOptions.Accounts"/> accounts in parallel; throws if any could not be funded.</summary>
    /// <returns>The accounts' identifiers in the target, by index.</returns>
    public async Task<string[]> FundAsync(IBankWorkloadTarget target, CancellationToken cancellationToken)
    {
        var accounts = new string[options.Accounts];
        var failures = 0;
        string? sampleError = null;
        var done = 0;
        var clock = Stopwatch.StartNew();
        using var ticker = new CancellationTokenSource();
        var printer = Task.Run(async () =>
        {
            while (!ticker.IsCancellationRequested)
            {
                var finished = Volatile.Read(ref done);
                progress.Update($"[{target.Name}] funding accounts: {finished}/{options.Accounts} ({finished / Math.Max(clock.Elapsed.TotalSeconds, 0.001):0}/s)");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), ticker.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.FundConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, options.Accounts, parallel, async (index, ct) =>
        {
            var (outcome, account) = await target.OpenAndFundAsync(index, options.FundCents, ct).ConfigureAwait(false);
            accounts[index] = account;
            if (outcome.Outcome != OperationOutcome.Committed)
            {
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref sampleError, $"{outcome.Outcome}: {outcome.Error}", null);
            }

            Interlocked.Increment(ref done);
        }).ConfigureAwait(false);

        await ticker.CancelAsync().ConfigureAwait(false);
        await printer.ConfigureAwait(false);
        progress.Done($"[{target.Name}] funded {options.Accounts} accounts with {new Contracts.Money(options.FundCents)} each in {clock.Elapsed.TotalSeconds:0.0}s");
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {options.Accounts} accounts could not be opened and funded in {target.Name} (e.g. {sampleError})");
        }

        return accounts;
    }

    /// <summary>
    /// Runs the workers for warm-up plus <paramref name="duration"/>, recording what started and
    /// ended inside the measured window, and with <paramref name="cpu"/> what CPU time its
    /// processes used in that window.
    /// </summary>
    public async Task RunRoundAsync(
        IBankWorkloadTarget target, IReadOnlyList<string> accounts, RunMeasurement measurement, int round, TimeSpan duration, CancellationToken cancellationToken,
        ProcessCpu? cpu = null)
    {
        var frequency = Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(options.Warmup.TotalSeconds * frequency);
        var measureUntil = measureFrom + (long)(duration.TotalSeconds * frequency);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Warmup + duration);
        long completed = 0;
        var cpuUsed = cpu is null ? null : SampleCpuAsync(cpu, measureFrom, measureUntil, cancellationToken);

        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(WorkerSeed(options.Seed, round, worker));
            long sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                var kind = options.Mix.Pick(random);
                var (from, to) = PickPair(random, accounts.Count, options.Concurrency, worker);

                long amount = random.Next(MinAmountCents, MaxAmountCents + 1);
                var requestId = string.Create(CultureInfo.InvariantCulture, $"b{runId}-{round}-{worker}-{sequence++}");
                var begin = Stopwatch.GetTimestamp();
                var outcome = await ExecuteAsync(target, kind, worker, requestId, accounts[from], accounts[to], amount).ConfigureAwait(false);
                var end = Stopwatch.GetTimestamp();
                if (kind is OperationKind.Deposit or OperationKind.Withdraw)
                {
                    measurement.BookMoney(new UnresolvedWrite(kind, worker, requestId, accounts[from], amount), outcome.Outcome);
                }

                if (begin >= measureFrom && end <= measureUntil)
                {
                    measurement.Record(kind, outcome, (end - begin) * 1_000_000 / frequency);
                }

                Interlocked.Increment(ref completed);
            }
        }, CancellationToken.None)).ToArray();

        var all = Task.WhenAll(workers);
        var lastCompleted = 0L;
        var lastTime = started;
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            var total = Interlocked.Read(ref completed);
            var rate = (total - lastCompleted) * (double)frequency / Math.Max(now - lastTime, 1);
            (lastCompleted, lastTime) = (total, now);
            var phase = now < measureFrom
                ? $"warm-up {(measureFrom - now) / (double)frequency:0}s left"
                : $"{Math.Min((now - measureFrom) / (double)frequency, duration.TotalSeconds):0}/{duration.TotalSeconds:0}s";
            progress.Update(
                $"[{target.Name} round {round + 1}] {phase}  {rate:0} ops/s  committed {measurement.Count(OperationOutcome.Committed)}"
                + $"  rejected {measurement.Count(OperationOutcome.Rejected)}  unavailable {measurement.Count(OperationOutcome.Unavailable)}"
                + $"  aborted {measurement.Count(OperationOutcome.Aborted)}  unknown {measurement.Count(OperationOutcome.Unknown)}");
        }

        await all.ConfigureAwait(false);
        measurement.AddRound(duration);
        if (cpuUsed is not null && await cpuUsed.ConfigureAwait(false) is { } used)
        {
            measurement.AddCpu(used);
        }

        progress.Done($"[{target.Name} round {round + 1}] done: {measurement.TransfersPerSecond:0} committed transfers/s so far");
    }

    // The CPU time used between two Stopwatch timestamps; null if the run was cancelled first.
    private static async Task<CpuUse?> SampleCpuAsync(ProcessCpu cpu, long from, long until, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Until(from), cancellationToken).ConfigureAwait(false);
            var before = cpu.Sample();
            await Task.Delay(Until(until), cancellationToken).ConfigureAwait(false);
            return cpu.Sample().Since(before);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        static TimeSpan Until(long timestamp)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Re-sends unknown deposits and withdrawals with their request ids, when the target applies retries at most once.</summary>
    public static async Task ResolveUnknownAsync(IBankWorkloadTarget target, RunMeasurement measurement)
    {
        if (!target.RetriesAreIdempotent || measurement.Unresolved.Count == 0)
        {
            return;
        }

        var stillUnknown = new List<UnresolvedWrite>();
        foreach (var write in measurement.Unresolved)
        {
            var outcome = write.Kind == OperationKind.Deposit
                ? await target.DepositAsync(write.Worker, write.RequestId, write.Account, write.AmountCents).ConfigureAwait(false)
                : await target.WithdrawAsync(write.Worker, write.RequestId, write.Account, write.AmountCents).ConfigureAwait(false);
            if (outcome.Outcome == OperationOutcome.Committed)
            {
                measurement.BookMoney(write, OperationOutcome.Committed);
            }
            else if (outcome.Outcome is OperationOutcome.Unknown or OperationOutcome.Unavailable)
            {
                stillUnknown.Add(write);
            }
        }

        measurement.SetUnresolved(stillUnknown);
    }

    /// <summary>Reads every account's balance and compares the sum with what was funded and moved in or out.</summary>
    public async Task<ConservationCheck> CheckConservationAsync(
        IBankWorkloadTarget target, IReadOnlyList<string> accounts, RunMeasurement measurement, CancellationToken cancellationToken)
    {
        await ResolveUnknownAsync(target, measurement).ConfigureAwait(false);
        long sum = 0;
        var unread = 0;
        var read = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(options.Concurrency, 16, 64), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, accounts.Count, parallel, async (index, _) =>
        {
            var reading = await target.BalanceAsync(index % options.Concurrency, accounts[index]).ConfigureAwait(false);
            for (var attempt = 1; attempt < ReadAttempts && reading.Outcome != OperationOutcome.Committed; attempt++)
            {
                reading = await target.BalanceAsync(index % options.Concurrency, accounts[index]).ConfigureAwait(false);
            }

            if (reading.Outcome == OperationOutcome.Committed)
            {
                Interlocked.Add(ref sum, reading.BalanceCents);
            }
            else
            {
                Interlocked.Increment(ref unread);
            }

            var done = Interlocked.Increment(ref read);
            if (done % 500 == 0)
            {
                progress.Update($"[{target.Name}] reading balances: {done}/{accounts.Count}");
            }
        }).ConfigureAwait(false);

        var unresolved = measurement.Unresolved;
        var check = new ConservationCheck(
            FundedCents: checked(options.FundCents * accounts.Count),
            DepositedCents: measurement.DepositedCents,
            WithdrawnCents: measurement.WithdrawnCents,
            UnresolvedDepositCents: unresolved.Where(w => w.Kind == OperationKind.Deposit).Sum(w => w.AmountCents),
            UnresolvedWithdrawCents: unresolved.Where(w => w.Kind == OperationKind.Withdraw).Sum(w => w.AmountCents),
            ActualCents: unread == 0 ? sum : null,
            UnreadAccounts: unread);
        progress.Done($"[{target.Name}] {check.Describe()}");
        return check;
    }

    /// <summary>
    /// Two distinct random account indices owned by <paramref name="worker"/> of
    /// <paramref name="workers"/> (indices congruent to the worker modulo the worker count).
    /// Needs at least 2 accounts per worker.
    /// </summary>
    public static (int From, int To) PickPair(Random random, int accounts, int workers, int worker)
    {
        var owned = ((accounts - 1 - worker) / workers) + 1;
        var from = random.Next(owned);
        var to = random.Next(owned - 1);
        if (to >= from)
        {
            to++;
        }

        return (worker + (from * workers), worker + (to * workers));
    }

    /// <summary>The seed of one worker in one round: the same <c>--seed</c> gives every worker the same sequence.</summary>
    public static int WorkerSeed(int seed, int round, int worker) => unchecked((seed * 1_000_003) + (round * 7_919) + worker);

    private static async Task<WriteOutcome> ExecuteAsync(
        IBankWorkloadTarget target, OperationKind kind, int worker, string requestId, string account, string other, long amount)
    {
        switch (kind)
        {
            case OperationKind.Transfer:
                return await target.TransferAsync(worker, requestId, account, other, amount).ConfigureAwait(false);
            case OperationKind.Deposit:
                return await target.DepositAsync(worker, requestId, account, amount).ConfigureAwait(false);
            case OperationKind.Withdraw:
                return await target.WithdrawAsync(worker, requestId, account, amount).ConfigureAwait(false);
            case OperationKind.Login:
                return target is ICustomerLogins customers
                    ? await customers.LoginAsync(worker).ConfigureAwait(false)
                    : throw new InvalidOperationException($"{target.Name} has no customers to log in (the options parser refuses --mix login for it)");
            default:
                var reading = await target.BalanceAsync(worker, account).ConfigureAwait(false);
                return new WriteOutcome(reading.Outcome, reading.Error);
        }
    }
}
