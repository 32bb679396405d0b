using System.Reflection;
using System.Text.Json;
using BankOrleans.Cluster.Tests;
using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Users;
using BankOrleans.Grains.Trust;

namespace BankOrleans.Security.Tests;

/// <summary>
/// The hostile-client suite: a raw client calls every method of every grain interface (found by
/// reflection) against a victim's account and user, with no credential, a forged and a revoked
/// session, another customer's session and oversized input. Internal methods must be refused and
/// counted; client-facing ones must answer without throwing and without any of the victim's data;
/// and afterwards no replica, nor the reader, holds anything new for victim or attacker.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class HostileClientSuiteTests(BankClusterFixture cluster) : IAsyncLifetime
{
    private const long VictimFunds = 7_712_345;

    private readonly RefusedCalls _refused = new();
    private RawClient _attacker = null!;

    public async Task InitializeAsync() => _attacker = await RawClient.ConnectAsync(cluster);

    public async Task DisposeAsync()
    {
        await _attacker.DisposeAsync();
        _refused.Dispose();
    }

    [Fact]
    public void Suite_attacks_every_protocol_interface_of_the_contracts()
    {
        var names = HostileSurface.Interfaces.Select(t => t.Name).ToHashSet();

        // A guard on the reflection, not a list to keep: new interfaces join without being named here.
        Assert.Superset(new HashSet<string> { "IReplicaGrain", "ILockCouncilGrain", "IWriteLeaderGrain", "IReadReplicaGrain", "IAntiEntropyGrain", "IUserGrain", "IAccountGrain", "IAccountWritesGrain" }, names);
    }

    [Fact]
    public async Task Hostile_calls_to_every_method_move_and_reveal_nothing()
    {
        var targets = await ArrangeTargetsAsync();
        var before = await SnapshotAsync(targets);
        var forge = new ArgumentForge(targets);
        var problems = new List<string>();
        var calls = 0;

        foreach (var grainInterface in HostileSurface.Interfaces)
        {
            foreach (var method in HostileSurface.MethodsOf(grainInterface))
            {
                var clientFacing = ClientSurface.Allows(grainInterface, method.Name);
                foreach (var grain in HostileSurface.GrainsOf(_attacker.Grains, grainInterface, targets))
                {
                    foreach (var variant in Enum.GetValues<AttackVariant>())
                    {
                        calls++;
                        var call = $"{grainInterface.Name}.{method.Name} [{grain.GetGrainId().Key}, {variant}]";
                        var problem = clientFacing
                            ? await AnswersWithoutLeakingAsync(grain, method, forge.For(method, variant), targets)
                            : await RefusedAsync(grainInterface, grain, method, forge.For(method, variant));
                        if (problem is not null)
                        {
                            problems.Add($"{call}: {problem}");
                        }
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {calls} hostile calls misbehaved:\n{string.Join('\n', problems)}");
        var after = await SnapshotAsync(targets);
        Assert.True(before == after, $"state moved:\n{before}\n---\n{after}");

        // And the victim's own session still moves money at once: no lease or freeze was left behind.
        var withdrawal = await AccountWrites.Of(cluster.Client).Withdraw(RequestId.New(), targets.Victim.FirstAccount, 1, targets.Victim.Session);
        Assert.True(withdrawal.Ok, withdrawal.Message);
    }

    private async Task<string?> RefusedAsync(Type grainInterface, IAddressable grain, MethodInfo method, object?[] arguments)
    {
        var before = _refused.Of(grainInterface);
        try
        {
            await HostileSurface.InvokeAsync(grain, method, arguments);
            if (!HostileSurface.IsOneWay(method))
            {
                return "answered instead of refusing";
            }

            await Eventually.ReturnsAsync(() => Task.FromResult(_refused.Of(grainInterface)), n => n > before, "the one-way call refused");
        }
        catch (UnauthorizedAccessException refusal) when (refusal.Message.StartsWith("not_authorized", StringComparison.Ordinal))
        {
        }
        catch (Exception other)
        {
            return $"failed with {other.GetType().Name} ({other.Message}) instead of not_authorized";
        }

        var counted = _refused.Of(grainInterface) - before;
        return counted == 1 ? null : $"counted {counted} refusals instead of 1";
    }

    private static async Task<string?> AnswersWithoutLeakingAsync(IAddressable grain, MethodInfo method, object?[] arguments, AttackTargets targets)
    {
        object? answer;
        try
        {
            answer = await HostileSurface.InvokeAsync(grain, method, arguments);
        }
        catch (UnauthorizedAccessException) when (method.GetParameters().Any(p => p.Name == "operatorToken"))
        {
            // The operator surface refuses a wrong operator credential by throwing.
            return null;
        }
        catch (Exception other)
        {
            return $"threw {other.GetType().Name} ({other.Message}) instead of answering an error";
        }

        var text = JsonSerializer.Serialize(answer);
        string[] secrets = [VictimFunds.ToString(System.Globalization.CultureInfo.InvariantCulture), "pbkdf2", targets.Victim.Session];
        return secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal)) is { } leaked
            ? $"answer carried the victim's data ({leaked[..Math.Min(12, leaked.Length)]}…): {text[..Math.Min(300, text.Length)]}"
            : null;
    }

    private async Task<AttackTargets> ArrangeTargetsAsync()
    {
        var victim = await Customer.RegisterAsync(cluster.Client, "victim");
        var funded = await AccountWrites.Of(cluster.Client).Deposit(RequestId.New(), victim.FirstAccount, VictimFunds, victim.Session);
        Assert.True(funded.Ok, funded.Message);

        var attacker = await Customer.RegisterAsync(cluster.Client, "attacker");
        var user = cluster.Client.GetGrain<IUserGrain>(attacker.User);
        var logout = await user.Logout(attacker.Session);
        Assert.True(logout.Ok, logout.Message);
        var again = await user.Login(Customer.DefaultPassword);
        Assert.True(again.Ok, again.Message);

        var forged = $"s1:{victim.User}:0:{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}:{Convert.ToBase64String(new byte[32]).TrimEnd('=')}";
        return new AttackTargets(victim, attacker with { Session = again.Session }, attacker.Session, forged);
    }

    // Every master's state of the victim's and attacker's accounts and users, and the reader's balances.
    private async Task<string> SnapshotAsync(AttackTargets targets)
    {
        string[] keys =
        [
            targets.Victim.FirstAccount, targets.Attacker.FirstAccount,
            ObjectKeys.User(targets.Victim.User), ObjectKeys.User(targets.Attacker.User),
        ];
        var lines = new List<string>();
        foreach (var master in Enumerable.Range(1, 3))
        {
            foreach (var key in keys)
            {
                var state = await cluster.Client.GetGrain<IReplicaGrain>(master).GetAccount(key);
                // Anyone may try to log in as anyone, and a login reads the user record by majority,
                // which takes a promise on it: a user record's promise may move, nothing else may.
                lines.Add($"master-{master} {key}: {(ObjectKeys.IsUser(key) ? state! with { PromisedBallot = Ballot.Zero } : state)}");
            }
        }

        foreach (var owner in new[] { targets.Victim, targets.Attacker })
        {
            var view = await cluster.Client.GetGrain<IAccountQueryGrain>(owner.FirstAccount).Balance(0, owner.Session);
            lines.Add($"reader {owner.FirstAccount}: {view.Ok} {view.BalanceCents} v{view.Version}");
        }

        return string.Join('\n', lines);
    }
}
