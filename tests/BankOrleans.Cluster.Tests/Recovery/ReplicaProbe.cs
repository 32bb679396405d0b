using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>What the recovery tests look at and do to replicas: digests, verify, a pass, damage on disk.</summary>
internal static class ReplicaProbe
{
    public static Task<VerifyReport> VerifyAsync(IGrainFactory grains) =>
        grains.GetGrain<IReplicaAuditGrain>(0).Verify(BankClusterFixture.TestOperatorToken);

    public static Task<AccountComparison> InspectAsync(IGrainFactory grains, string account) =>
        grains.GetGrain<IReplicaAuditGrain>(0).Inspect(account, BankClusterFixture.TestOperatorToken);

    /// <summary>Waits (bounded) until every replica serves, the masters agree and the reader has caught up.</summary>
    public static async Task<VerifyReport> EventuallyGreenAsync(IGrainFactory grains, bool runPasses = false)
    {
        VerifyReport? last = null;
        try
        {
            return await Eventually.ReturnsAsync(
                async () =>
                {
                    if (runPasses)
                    {
                        await grains.GetGrain<IAntiEntropyGrain>(1).RunPass(force: true);
                    }

                    return last = await VerifyAsync(grains);
                },
                r => r.MastersAgree && r.ReaderCaughtUp,
                "admin verify green");
        }
        catch (TimeoutException timeout) when (last is not null)
        {
            throw new TimeoutException($"{timeout.Message}{Environment.NewLine}{Describe(last)}", timeout);
        }
    }

    /// <summary>The accounts a report names, one line each with what every replica holds: a red verify's evidence.</summary>
    public static string Describe(VerifyReport report) =>
        string.Join(
            Environment.NewLine,
            report.Differing.Select(d =>
                $"{d.Account} {d.Verdict} ({d.Detail}): " +
                string.Join("; ", d.Replicas.Select(r => $"{r.Replica} reachable={r.Reachable} ready={r.Ready} {r.Digest}")))
            .Prepend($"unreachable [{string.Join(", ", report.Unreachable)}], catching up [{string.Join(", ", report.CatchingUp)}]"));

    /// <summary>Sets an account's balance in a stopped silo's replica file, outside the protocol.</summary>
    public static void CorruptBalance(string dataDirectory, string silo, string account, long cents)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, silo + ".db"), Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET balance_cents = $cents WHERE account_no = $account;";
        command.Parameters.AddWithValue("$cents", cents);
        command.Parameters.AddWithValue("$account", account);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public static async Task<ReplicaDigest?[]> MasterDigestsAsync(IGrainFactory grains, string account) =>
        await Task.WhenAll(Enumerable.Range(1, 3).Select(n => grains.GetGrain<IReplicaGrain>(n).Digest(account)));
}
