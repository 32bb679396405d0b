using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Users;
using BankOrleans.Grains.Accounts;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Reading;
using BankOrleans.Grains.Reconciliation;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Sessions;
using BankOrleans.Topology;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Users;

/// <summary>
/// One user (key = normalized username), on any master: the coordinator of the replicated user
/// object <c>user:&lt;name&gt;</c> (registration row, then one row per logout; its version is the
/// session epoch), login with per-user throttling, and the list of the user's accounts.
/// Passwords are only ever hashed here; they never reach a log, an exception or storage.
/// </summary>
[RequiredRole(SiloRoles.Master)]
public sealed class UserGrain(
    CoordinatorFactory coordinators,
    IOptions<ProtocolTimingOptions> timing,
    IOptions<SecurityOptions> security,
    PasswordHasher hasher,
    PasswordHashingQueue hashing,
    SessionTokens tokens,
    UserEpochReader epochs,
    ISessionValidator sessions,
    LaggardHints laggards,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IUserGrain
{
    private OperationCoordinator? _coordinator;
    private LoginThrottle? _throttle;

    private string User => this.GetPrimaryKeyString();

    private string UserKey => ObjectKeys.User(User);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The reader checks sessions against its own copy of the epoch: the feed brings it, and
        // the reader's heartbeat re-sends what the one-way feed lost.
        _coordinator = coordinators.ForWrites(UserKey);
        var s = security.Value;
        _throttle = new LoginThrottle(s.FailedLoginsBeforeThrottling, s.FirstLoginDelay, s.MaxLoginDelay);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The request id of the first account's opening, derived from the user and the registration's
    /// request id: a retried registration opens the same account, and two users who register with
    /// one request id try different account numbers.
    /// </summary>
    public static string FirstAccountRequestId(string user, string registerRequestId) =>
        "register-account:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\n{registerRequestId}"))[..16]);

    /// <inheritdoc />
    public async Task<RegistrationResult> Register(string requestId, string password)
    {
        // The password's length is bounded here, before any hashing (PBKDF2 of a huge password is a CPU attack).
        if ((GatewayInput.RequestId(requestId) ?? GatewayInput.UserKey(User) ?? PasswordRules.Validate(password)) is { } problem)
        {
            return RegistrationResult.Failed(ErrorCodes.BadInput, problem, ShownUser);
        }

        // PBKDF2 costs about a third of a second of CPU: on the silo's hashing threads.
        var (hashed, record) = await hashing.RunAsync(() => hasher.Hash(password));
        if (!hashed)
        {
            return RegistrationResult.Failed(ErrorCodes.Unavailable, PasswordHashingQueue.BusyMessage, User);
        }

        var op = new BankOperation(TransactionId.For(User, OperationKind.RegisterUser, requestId), OperationKind.RegisterUser, UserKey, null, 0, null, User, false, time.GetUtcNow())
        {
            Payload = record,
        };
        var registered = CoordinatorAnswers.ToWriteResult(await ExecuteAsync(op), requestId, silo.Name);
        if (!registered.Ok)
        {
            var message = registered.Error == ErrorCodes.UserExists ? $"user exists: '{User}' is taken" : registered.Message;
            return RegistrationResult.Failed(registered.Error!, message, User);
        }

        // The first account: its request id (so its number) follows from the registration's, so a
        // retried registration opens the same account once. It is opened with a session of the new
        // user, through the same checks as every other account.
        var epoch = (await epochs.ReadAsync(User))?.Highest;
        if (epoch is not > 0)
        {
            return RegistrationResult.Failed(ErrorCodes.Unavailable, "registered, but the first account could not be opened now: retry with the same request id", User);
        }

        var accountRequest = FirstAccountRequestId(User, requestId);
        var (session, _) = tokens.Issue(User, epoch.Value, time.GetUtcNow());
        var (opened, account) = await AccountOpening.OpenAsync(GrainFactory, accountRequest, session);
        return opened.Ok
            ? new RegistrationResult(true, null, "ok", User, account)
            : RegistrationResult.Failed(opened.Error ?? ErrorCodes.Unavailable, $"registered, but opening the first account failed ({opened.Message}): retry with the same request id", User);
    }

    /// <inheritdoc />
    public async Task<LoginResult> Login(string password)
    {
        // A name no user can have, or a password no user can have, is refused before any hashing;
        // the answer says nothing about any user that exists.
        if ((GatewayInput.UserKey(User) ?? GatewayInput.LoginPassword(password)) is { } problem)
        {
            return LoginResult.Failed(ErrorCodes.BadInput, problem);
        }

        if (_throttle!.WaitAt(time.GetUtcNow()) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return LoginResult.Failed(ErrorCodes.TooManyAttempts,
                string.Create(CultureInfo.InvariantCulture, $"too many failed logins: try again in {seconds} s"));
        }

        var state = await _coordinator!.ReadAsync(UserKey);
        if (state is null)
        {
            return LoginResult.Failed(ErrorCodes.Unavailable, "unavailable: no majority of masters answered");
        }

        string? record = null;
        if (state.Exists)
        {
            record = await RegistrationRecordAsync(state);
            if (record is null)
            {
                return LoginResult.Failed(ErrorCodes.Unavailable, "unavailable: no replica answered the user's record");
            }
        }

        // Unknown users are checked against a decoy record: same work, same answer.
        var (verified, matches) = await hashing.RunAsync(() => hasher.Verify(password, record));
        if (!verified)
        {
            return Busy();
        }

        if (!matches)
        {
            _throttle.Failed(time.GetUtcNow());
            return BadCredentials();
        }

        _throttle.Succeeded();
        var (session, expires) = tokens.Issue(User, state.Version, time.GetUtcNow());
        return new LoginResult(true, null, "ok", session, expires);
    }

    /// <inheritdoc />
    public async Task<WriteResult> Logout(string session)
    {
        var requestId = RequestId.New();
        if ((GatewayInput.UserKey(User) ?? GatewayInput.Session(session)) is { } problem)
        {
            return WriteResult.Failed(ErrorCodes.BadInput, problem, requestId, silo.Name);
        }

        var check = await sessions.ValidateAsync(session);
        if (check.IsValid)
        {
            return check.User == User
                ? await LogoutAsync(requestId)
                : WriteResult.Failed(ErrorCodes.NotAuthorized, "not authorized: the session belongs to another user", requestId, silo.Name);
        }

        // Refusals answer at once, including another user's ended session: nothing waits on
        // this grain for a session that is not this user's.
        if (!check.HasEnded || check.EndedUser != User || tokens.Read(session, time.GetUtcNow()) is not { } claims)
        {
            return WriteResult.Failed(check.Error!, check.Message, requestId, silo.Name);
        }

        // This user's session, ended: by a chosen logout (perhaps this one, retried after its
        // answer was lost), or by one accepted on one replica only. A linearizable read of the
        // user object completes or drops the latter.
        var state = await _coordinator!.ReadAsync(UserKey);
        if (state is null)
        {
            return WriteResult.Failed(ErrorCodes.Unavailable, "unavailable: no majority of masters answered", requestId, silo.Name);
        }

        if (state.Version <= claims.Epoch)
        {
            return await LogoutAsync(requestId);
        }

        // Ended by a chosen logout: say so only once the leases on the epoch it ended have run
        // out, as that logout's own answer would have.
        await SessionEpochLease.WaitOutLeasesAsync(time);
        return WriteResult.Failed(check.Error!, check.Message, requestId, silo.Name);
    }

    private async Task<WriteResult> LogoutAsync(string requestId)
    {
        var op = new BankOperation(TransactionId.For(User, OperationKind.Logout, requestId), OperationKind.Logout, UserKey, null, 0, User, null, false, time.GetUtcNow());
        var result = CoordinatorAnswers.ToWriteResult(await ExecuteAsync(op), requestId, silo.Name);
        if (result.Ok || result.Error == ErrorCodes.OutcomeUnknown)
        {
            // Session-lease rule: a silo may accept the old epoch until every lease taken before
            // the logout was chosen has run out; only then does the logout answer. An unknown
            // logout may have been chosen too.
            await SessionEpochLease.WaitOutLeasesAsync(time);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<OwnedAccounts> ListAccounts(string session)
    {
        if ((GatewayInput.UserKey(User) ?? GatewayInput.Session(session)) is { } problem)
        {
            return OwnedAccounts.Failed(ErrorCodes.BadInput, problem);
        }

        var check = await sessions.ValidateAsync(session);
        if (!check.IsValid)
        {
            return OwnedAccounts.Failed(check.Error!, check.Message);
        }

        if (check.User != User)
        {
            return OwnedAccounts.Failed(ErrorCodes.NotAuthorized, "not authorized: the session belongs to another user");
        }

        // An opened account is on a majority, so the union of any two replicas' answers names it;
        // each one's balance then comes from a linearizable read (which also drops any not chosen).
        var answers = await Task.WhenAll(Enumerable.Range(1, 3).Select(OwnedOnReplicaAsync));
        if (answers.Count(a => a is not null) < 2)
        {
            return OwnedAccounts.Failed(ErrorCodes.Unavailable, "unavailable: fewer than two masters answered");
        }

        var numbers = answers.OfType<IReadOnlyList<AccountState>>()
            .SelectMany(a => a)
            .Select(a => a.Account)
            .Where(AccountNumber.IsValid)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var views = await Task.WhenAll(numbers.Select(n => GrainFactory.GetGrain<IAccountGrain>(n).ReadBalance(session)));
        if (views.FirstOrDefault(v => !v.Ok && v.Error != ErrorCodes.InvalidAccount) is { } failed)
        {
            return OwnedAccounts.Failed(failed.Error ?? ErrorCodes.Unavailable, failed.Message);
        }

        return new OwnedAccounts(true, null, "ok",
            views.Where(v => v.Ok).Select(v => new AccountBalance(v.Account, v.BalanceCents, v.Version)).ToArray());
    }

    private async Task<IReadOnlyList<AccountState>?> OwnedOnReplicaAsync(int replica)
    {
        try
        {
            return await GrainFactory.GetGrain<IReplicaGrain>(replica).OwnedBy(User).WaitAsync(timing.Value.CallTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    // The password record of the chosen user object: the registration row of a history that chains to the chosen head.
    private async Task<string?> RegistrationRecordAsync(AccountState state)
    {
        foreach (var replica in Enumerable.Range(1, 3))
        {
            IReadOnlyList<LedgerEntry> rows;
            try
            {
                rows = await GrainFactory.GetGrain<IReplicaGrain>(replica)
                    .ReadEntries(UserKey, 0, (int)Math.Min(state.Version, int.MaxValue))
                    .WaitAsync(timing.Value.CallTimeout);
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException)
            {
                continue;
            }

            if (rows.Count == state.Version && LedgerHash.IsValidChain(0, "", rows) && rows[^1].Hash == state.Head
                && rows[0].Kind == EntryKind.UserRegistered)
            {
                return rows[0].Payload;
            }
        }

        return null;
    }

    // The key as an answer may echo it: a hostile key of any length is not sent back whole.
    private string ShownUser => GatewayInput.Shown(User);

    private static LoginResult BadCredentials() => LoginResult.Failed(ErrorCodes.BadCredentials, "bad credentials: wrong username or password");

    // Not a failed attempt: the password was never checked.
    private static LoginResult Busy() => LoginResult.Failed(ErrorCodes.Unavailable, PasswordHashingQueue.BusyMessage);

    private async Task<CoordinatorResult> ExecuteAsync(BankOperation op)
    {
        var result = await _coordinator!.ExecuteAsync(op);
        laggards.ReportIfUnknown(op, result);
        return result;
    }
}
