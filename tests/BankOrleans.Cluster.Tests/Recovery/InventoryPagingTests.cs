using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>
/// Inventories are read in pages (<c>Bank:Recovery:InventoryPageSize</c>, small in the test
/// silos), so that no message grows with the number of accounts; every consumer still sees them all.
/// </summary>
/// <remarks>
/// The shared cluster runs no scheduled anti-entropy, and a write answered by two masters may leave
/// the third behind (an accept that timed out, another test's write): each test runs passes until
/// verify is green, since what it checks is the paging of a converged bank, not how it converged.
/// </remarks>
[Collection(BankClusterCollection.Name)]
public sealed class InventoryPagingTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Inventory_pages_list_every_opened_account_once_in_key_order()
    {
        var customers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Customer.RegisterAsync(Grains)));
        var replica = Grains.GetGrain<IReplicaGrain>(1);

        var paged = new List<string>();
        for (var from = ""; ;)
        {
            var page = await replica.Inventory(from, 2);
            paged.AddRange(page.Accounts.Select(d => d.Account));
            if (page.Accounts.Count < 2)
            {
                break;
            }

            from = page.Accounts[^1].Account + "\u0001";
        }

        var whole = (await replica.Inventory("", 50_000)).Accounts.Select(d => d.Account).ToArray();
        Assert.Equal(whole, paged);
        Assert.Equal(paged.Order(StringComparer.Ordinal), paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
        Assert.All(customers, c => Assert.Contains(c.FirstAccount, paged));
    }

    [Fact]
    public async Task A_page_size_outside_the_served_range_is_refused()
    {
        var replica = Grains.GetGrain<IReplicaGrain>(1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => replica.Inventory("", 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => replica.Inventory("", 50_001));
    }

    [Fact]
    public async Task Admin_verify_compares_every_account_across_several_pages()
    {
        // More opened objects than two pages hold (each customer adds a user object and an account).
        while ((await Grains.GetGrain<IReplicaGrain>(1).Inventory("", 50_000)).Accounts.Count <= 2 * BankClusterFixture.InventoryPageSize)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Customer.RegisterAsync(Grains)));
        }

        var report = await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in Enumerable.Range(1, 3))
        {
            keys.UnionWith((await Grains.GetGrain<IReplicaGrain>(n).Inventory("", 50_000)).Accounts.Select(d => d.Account));
        }

        Assert.Equal(keys.Count, report.AccountsCompared);
        Assert.Null(report.Next);
    }

    [Fact]
    public async Task An_anti_entropy_pass_over_agreeing_replicas_reads_no_account()
    {
        while ((await Grains.GetGrain<IReplicaGrain>(1).Inventory("", 50_000)).Accounts.Count <= 2 * BankClusterFixture.InventoryPageSize)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Customer.RegisterAsync(Grains)));
        }

        await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);

        // The first pass settles whatever suspects earlier writes left; the next compares only the
        // replicas' range summaries, which agree, and reads no page.
        var antiEntropy = Grains.GetGrain<IAntiEntropyGrain>(1);
        await antiEntropy.RunPass(force: true);
        var pass = await antiEntropy.RunPass(force: true);

        Assert.True(pass.Ran);
        Assert.Equal(0, pass.AccountsCompared);
    }

    [Fact]
    public async Task Admin_verify_of_changed_ranges_answers_an_agreeing_bank_in_one_part()
    {
        while ((await Grains.GetGrain<IReplicaGrain>(1).Inventory("", 50_000)).Accounts.Count <= 2 * BankClusterFixture.InventoryPageSize)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Customer.RegisterAsync(Grains)));
        }

        var whole = await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);

        var report = await Grains.GetGrain<IReplicaAuditGrain>(0).VerifyChanged("", BankClusterFixture.TestOperatorToken);

        Assert.True(report.MastersAgree && report.ReaderCaughtUp);
        Assert.Equal(whole.AccountsCompared, report.AccountsCompared);
        Assert.Empty(report.Differing);
        Assert.Null(report.Next);
    }

    [Fact]
    public async Task Admin_verify_in_parts_covers_what_one_verify_covers()
    {
        while ((await Grains.GetGrain<IReplicaGrain>(1).Inventory("", 50_000)).Accounts.Count <= 2 * BankClusterFixture.InventoryPageSize)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Customer.RegisterAsync(Grains)));
        }

        var whole = await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);
        var audit = Grains.GetGrain<IReplicaAuditGrain>(0);

        var parts = 1;
        var merged = await audit.VerifyPart("", BankClusterFixture.TestOperatorToken);
        while (merged.Next is { } next)
        {
            merged = merged.Then(await audit.VerifyPart(next, BankClusterFixture.TestOperatorToken));
            parts++;
        }

        Assert.True(parts > 2, $"{parts} parts");
        Assert.Equal(whole.AccountsCompared, merged.AccountsCompared);
        Assert.True(merged.MastersAgree && merged.ReaderCaughtUp);
    }
}
