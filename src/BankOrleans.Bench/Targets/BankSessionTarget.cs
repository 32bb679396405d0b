using System.Globalization;
using BankOrleans.Bench.Workload;
using BankOrleans.Connections;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Users;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// The bank itself, called as its customers call it: bench users registered and logged in by
/// <see cref="PrepareAsync"/>, one per worker up to <see cref="MaxCustomers"/>; account <c>i</c>
/// belongs to worker <c>i mod workers</c>'s user (<see cref="CustomerOf"/>) and every call passes
/// that user's session (so transfers stay between one customer's accounts, which the bank allows
/// by default).
/// </summary>
public sealed class BankSessionTarget : IBankWorkloadTarget, ICustomerLogins
{
    /// <summary>
    /// The most bench users: past it, workers share them. Registering and logging in costs
    /// two password hashes per user (PBKDF2, about 0.35 s of CPU each on this machine), so one
    /// user per worker at concurrency 1,024 spent six minutes before the first transfer.
    /// </summary>
    public const int MaxCustomers = 64;

    private const int SetupAttempts = 8;
    private readonly string _runId;
    private OrleansClientConnection _connection;

    // Set once the calls go through the write leader's gateway alone.
    private string? _pinnedGateway;
    private string[] _sessions = [];
    private string[] _passwords = [];
    private int _workers;

    // The silo that answered the last committed write: the write leader's.
    private string? _servedBy;

    private BankSessionTarget(OrleansClientConnection connection, string runId)
    {
        _connection = connection;
        _runId = runId;
    }

    /// <inheritdoc />
    public string Name => "bank";

    /// <inheritdoc />
    public bool RetriesAreIdempotent => true;

    /// <summary>Connects to the bank's gateways. Users and accounts are fresh per <paramref name="runId"/>.</summary>
    public static async Task<BankSessionTarget> ConnectAsync(IReadOnlyList<string> gateways, string runId, CancellationToken cancellationToken)
    {
        var connection = await OrleansClientConnection.ConnectBankAsync(gateways, ClusterCaFile.Resolve(), TimeSpan.FromSeconds(15), cancellationToken)
            .ConfigureAwait(false);
        return new BankSessionTarget(connection, runId);
    }

    /// <summary>What the report says when the calls use every gateway, and why.</summary>
    public static string AnyGateway(string why) => $"any ({why})";

    /// <summary>
    /// From now on, sends every call through the gateway of the silo that answered the last
    /// committed write (the write leader's), found in the cluster's membership among
    /// <paramref name="gateways"/>; the calls no longer fail over to another gateway. Call it
    /// after the accounts are funded, before the measured rounds. Best effort: when the gateway
    /// cannot be found or reached, the calls keep the connection that funded the accounts.
    /// </summary>
    /// <returns>For the report: <c>ip:port (silo)</c>, or <see cref="AnyGateway"/> with the reason the calls stay on every gateway.</returns>
    public async Task<string> UseLeaderGatewayAsync(IReadOnlyList<string> gateways, CancellationToken cancellationToken)
    {
        if (_pinnedGateway is { } pinnedAlready)
        {
            return pinnedAlready;
        }

        if (Volatile.Read(ref _servedBy) is not { } leader)
        {
            return AnyGateway("no write has committed yet");
        }

        MembershipEntry[] hosts;
        try
        {
            hosts = await _connection.Client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true)
                .WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return AnyGateway($"the cluster's membership did not answer: {exception.GetType().Name}");
        }

        if (LeaderGateway.Find(hosts, leader, gateways) is not { } gateway)
        {
            return AnyGateway($"{leader}'s gateway is not among {string.Join(", ", gateways)}");
        }

        OrleansClientConnection pinned;
        try
        {
            pinned = await OrleansClientConnection.ConnectBankAsync([gateway], ClusterCaFile.Resolve(), TimeSpan.FromSeconds(15), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return AnyGateway($"{gateway} did not accept a client: {exception.GetType().Name}");
        }

        // The funding client is idle from here on; left open, it would keep a connection to every
        // gateway during the measured rounds.
        var funding = _connection;
        _connection = pinned;
        await funding.DisposeAsync().ConfigureAwait(false);
        _pinnedGateway = $"{gateway} ({leader})";
        return _pinnedGateway;
    }

    /// <summary>
    /// The bench user that owns account <paramref name="accountOrWorker"/> and that worker
    /// <paramref name="accountOrWorker"/> acts as: worker <c>w</c> owns accounts <c>w, w + workers,
    /// …</c> (WorkloadRunner picks them so), and the workers share <see cref="MaxCustomers"/> users
    /// in turn, so every account of a worker is its own user's.
    /// </summary>
    public static int CustomerOf(int accountOrWorker, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(accountOrWorker);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        return accountOrWorker % workers % Math.Min(workers, MaxCustomers);
    }

    /// <summary>Registers and logs in the bench users (<c>bench-&lt;run&gt;-&lt;n&gt;</c>, one per worker up to <see cref="MaxCustomers"/>).</summary>
    public async Task PrepareAsync(int workers, CancellationToken cancellationToken)
    {
        var sessions = new string[Math.Min(workers, MaxCustomers)];
        var passwords = new string[sessions.Length];
        await Parallel.ForAsync(0, sessions.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (worker, ct) =>
        {
            var user = _connection.Client.GetGrain<IUserGrain>(UserNameOf(worker));
            var password = passwords[worker] = $"bench-password-{_runId}-{worker}";
            await UntilOkAsync(async () =>
            {
                var registered = await user.Register($"bench-{_runId}-register-{worker}", password).ConfigureAwait(false);
                return (registered.Ok, registered.Error, registered.Message);
            }, ct).ConfigureAwait(false);
            await UntilOkAsync(async () =>
            {
                var login = await user.Login(password).ConfigureAwait(false);
                sessions[worker] = login.Session;
                return (login.Ok, login.Error, login.Message);
            }, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        _workers = workers;
        _sessions = sessions;
        _passwords = passwords;
    }

    /// <inheritdoc />
    public async Task<(WriteOutcome Outcome, string Account)> OpenAndFundAsync(int index, long fundCents, CancellationToken cancellationToken)
    {
        var suffix = index.ToString(CultureInfo.InvariantCulture);
        var session = SessionOf(index);
        var openId = $"bench-{_runId}-open-{suffix}";
        // Retrying with the same request id is safe: the bank applies it at most once, and the
        // candidate numbers are tried in the same order, so a retry ends at the same account.
        var account = AccountNumber.ForRequest(openId);
        // One write per account: the open pays the funding in (through the same replicated path).
        var opened = await RetryAsync(async () =>
        {
            (var result, account) = await AccountOpening.OpenAsync(_connection.Client, openId, session, fundCents).ConfigureAwait(false);
            return result;
        }, cancellationToken).ConfigureAwait(false);
        return (opened, account);
    }

    /// <inheritdoc />
    public Task<WriteOutcome> TransferAsync(int worker, string requestId, string from, string to, long amountCents) =>
        CallAsync(() => AccountWrites.Of(_connection.Client).Transfer(requestId, from, to, amountCents, SessionOf(worker)));

    /// <inheritdoc />
    public Task<WriteOutcome> DepositAsync(int worker, string requestId, string account, long amountCents) =>
        CallAsync(() => AccountWrites.Of(_connection.Client).Deposit(requestId, account, amountCents, SessionOf(worker)));

    /// <inheritdoc />
    public Task<WriteOutcome> WithdrawAsync(int worker, string requestId, string account, long amountCents) =>
        CallAsync(() => AccountWrites.Of(_connection.Client).Withdraw(requestId, account, amountCents, SessionOf(worker)));

    /// <inheritdoc />
    public async Task<WriteOutcome> LoginAsync(int worker)
    {
        if (_passwords.Length == 0)
        {
            throw new InvalidOperationException("PrepareAsync has not run");
        }

        var customer = CustomerOf(worker, _workers);
        try
        {
            var login = await _connection.Client.GetGrain<IUserGrain>(UserNameOf(customer)).Login(_passwords[customer]).ConfigureAwait(false);
            return login.Ok ? WriteOutcome.Committed : new WriteOutcome(OutcomeOf(login.Error), Describe(login.Error, login.Message));
        }
        catch (Exception exception)
        {
            return CallFailure.Classify(exception);
        }
    }

    /// <inheritdoc />
    public async Task<BalanceReading> BalanceAsync(int worker, string account)
    {
        try
        {
            var view = await _connection.Client.GetGrain<IAccountGrain>(account).ReadBalance(SessionOf(worker)).ConfigureAwait(false);
            return view.Ok
                ? new BalanceReading(OperationOutcome.Committed, view.BalanceCents)
                : new BalanceReading(OutcomeOf(view.Error), 0, Describe(view.Error, view.Message));
        }
        catch (Exception exception)
        {
            var failure = CallFailure.Classify(exception);
            return new BalanceReading(failure.Outcome, 0, failure.Error);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private string UserNameOf(int customer) => UserName.Normalize(string.Create(CultureInfo.InvariantCulture, $"bench-{_runId}-{customer}"));

    private string SessionOf(int workerOrAccount) =>
        _sessions.Length > 0 ? _sessions[CustomerOf(workerOrAccount, _workers)] : throw new InvalidOperationException("PrepareAsync has not run");

    private async Task<WriteOutcome> CallAsync(Func<Task<WriteResult>> call)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            // Written only when it changes: every worker answers here, and the field is shared.
            if (result.Ok && !string.Equals(Volatile.Read(ref _servedBy), result.ServedBy, StringComparison.Ordinal))
            {
                Volatile.Write(ref _servedBy, result.ServedBy);
            }

            return result.Ok ? WriteOutcome.Committed : new WriteOutcome(OutcomeOf(result.Error), Describe(result.Error, result.Message));
        }
        catch (Exception exception)
        {
            return CallFailure.Classify(exception);
        }
    }

    private async Task<WriteOutcome> RetryAsync(Func<Task<WriteResult>> call, CancellationToken cancellationToken)
    {
        var outcome = await CallAsync(call).ConfigureAwait(false);
        for (var attempt = 1; attempt < SetupAttempts && outcome.Outcome is OperationOutcome.Unavailable or OperationOutcome.Unknown; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            outcome = await CallAsync(call).ConfigureAwait(false);
        }

        return outcome;
    }

    private static async Task UntilOkAsync(Func<Task<(bool Ok, string? Error, string Message)>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            (bool Ok, string? Error, string Message) answer;
            Exception? failure = null;
            try
            {
                answer = await call().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException || CallFailure.Classify(exception).Outcome == OperationOutcome.Unavailable)
            {
                // A call that timed out (a fresh cluster's first registrations queue behind its
                // password hashing) or never reached a silo is retried like an unavailable answer:
                // a registration keeps its request id, and a repeated login only issues another
                // session. Anything else is a bug and ends the set-up.
                failure = exception;
                answer = (false, ErrorCodes.Unavailable, $"{exception.GetType().Name}: {exception.Message}");
            }

            if (answer.Ok)
            {
                return;
            }

            if (answer.Error is not (ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown) || attempt >= SetupAttempts)
            {
                throw new InvalidOperationException($"bench user set-up refused: {Describe(answer.Error, answer.Message)}", failure);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The error code and message of a refused answer, for the report; the code once when the message already starts with it.</summary>
    internal static string Describe(string? error, string message) =>
        error is not null && message.StartsWith(error + ":", StringComparison.Ordinal) ? message : $"{error}: {message}";

    private static OperationOutcome OutcomeOf(string? error) => error switch
    {
        ErrorCodes.Unavailable => OperationOutcome.Unavailable,
        ErrorCodes.OutcomeUnknown => OperationOutcome.Unknown,
        null => OperationOutcome.Unknown,
        _ => OperationOutcome.Rejected,
    };
}
