using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Tests;

/// <summary>The per-account hash chain: sealing rows and validating a chain onto a base.</summary>
public sealed class LedgerHashTests
{
    private const string A = "1000000001";
    private const string Z = "1000000002";

    private static readonly DateTimeOffset _at = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    [Fact]
    public void Seal_fills_in_the_hash_of_the_row()
    {
        var row = Unsealed();

        var sealedRow = LedgerHash.Seal(row);

        Assert.Equal(row with { Hash = LedgerHash.Compute(row) }, sealedRow);
        Assert.Matches("^[0-9a-f]{32}$", sealedRow.Hash);
    }

    [Fact]
    public void Compute_ignores_the_rows_own_hash_field()
    {
        var row = Unsealed();

        Assert.Equal(LedgerHash.Compute(row), LedgerHash.Compute(row with { Hash = "anything" }));
        Assert.Equal(LedgerHash.Compute(row), LedgerHash.Compute(LedgerHash.Seal(row)));
    }

    [Fact]
    public void Compute_is_deterministic()
    {
        Assert.Equal(LedgerHash.Compute(Unsealed()), LedgerHash.Compute(Unsealed()));
    }

    public static TheoryData<string> Fields =>
    [
        "TxId", "Account", "Version", "Kind", "Counterparty", "CounterpartyVersion", "AmountCents",
        "BalanceAfterCents", "Owner", "At", "PrevHash",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_field_but_the_hash_changes_the_hash(string field)
    {
        var row = Unsealed();
        var changed = field switch
        {
            "TxId" => row with { TxId = "tx-2" },
            "Account" => row with { Account = "1000000003" },
            "Version" => row with { Version = 4 },
            "Kind" => row with { Kind = EntryKind.TransferIn },
            "Counterparty" => row with { Counterparty = "1000000003" },
            "CounterpartyVersion" => row with { CounterpartyVersion = 8 },
            "AmountCents" => row with { AmountCents = 31 },
            "BalanceAfterCents" => row with { BalanceAfterCents = 71 },
            "Owner" => row with { Owner = "bob" },
            "At" => row with { At = _at.AddMilliseconds(1) },
            "PrevHash" => row with { PrevHash = new string('0', 32) },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(LedgerHash.Compute(row), LedgerHash.Compute(changed));
    }

    [Fact]
    public void A_row_without_counterparty_hashes_differently_from_a_transfer_leg()
    {
        var leg = Unsealed();

        Assert.NotEqual(LedgerHash.Compute(leg), LedgerHash.Compute(leg with { Counterparty = null, CounterpartyVersion = 0 }));
    }

    [Fact]
    public void A_chain_sealed_row_by_row_is_valid_from_version_zero()
    {
        Assert.True(LedgerHash.IsValidChain(0, "", Chain(4)));
    }

    [Fact]
    public void The_tail_of_a_valid_chain_is_valid_on_its_base()
    {
        var rows = Chain(4);

        Assert.True(LedgerHash.IsValidChain(2, rows[1].Hash, rows.Skip(2).ToArray()));
    }

    [Fact]
    public void No_rows_are_a_valid_chain_on_any_base()
    {
        Assert.True(LedgerHash.IsValidChain(0, "", []));
        Assert.True(LedgerHash.IsValidChain(7, "abc", []));
    }

    [Fact]
    public void A_changed_amount_is_detected()
    {
        var rows = Chain(3);
        rows[1] = rows[1] with { AmountCents = rows[1].AmountCents + 1 };

        Assert.False(LedgerHash.IsValidChain(0, "", rows));
    }

    [Fact]
    public void A_changed_amount_resealed_is_detected_by_the_next_row()
    {
        var rows = Chain(3);
        rows[1] = LedgerHash.Seal(rows[1] with { AmountCents = rows[1].AmountCents + 1, BalanceAfterCents = rows[1].BalanceAfterCents + 1 });

        Assert.False(LedgerHash.IsValidChain(0, "", rows));
    }

    [Fact]
    public void A_gap_is_detected()
    {
        var rows = Chain(4);
        rows.RemoveAt(2);

        Assert.False(LedgerHash.IsValidChain(0, "", rows));
    }

    [Fact]
    public void A_repeated_row_is_detected()
    {
        var rows = Chain(3);
        rows.Insert(2, rows[1]);

        Assert.False(LedgerHash.IsValidChain(0, "", rows));
    }

    [Fact]
    public void A_wrong_prev_hash_is_detected_even_when_the_row_is_resealed()
    {
        var rows = Chain(3);
        rows[2] = LedgerHash.Seal(rows[2] with { PrevHash = rows[0].Hash });

        Assert.False(LedgerHash.IsValidChain(0, "", rows));
    }

    [Fact]
    public void A_chain_on_the_wrong_base_is_detected()
    {
        var rows = Chain(4);
        var tail = rows.Skip(2).ToArray();

        Assert.False(LedgerHash.IsValidChain(2, rows[0].Hash, tail));
        Assert.False(LedgerHash.IsValidChain(1, rows[1].Hash, tail));
        Assert.False(LedgerHash.IsValidChain(0, "", tail));
    }

    private static LedgerEntry Unsealed() =>
        new("tx-1", A, 3, EntryKind.TransferOut, Z, 7, 30, 70, "alice", _at, "ab", "");

    /// <summary>Rows 1..<paramref name="count"/> of one account: an open, then deposits of 10 each.</summary>
    /// <param name="count">How many rows.</param>
    private static List<LedgerEntry> Chain(int count)
    {
        var rows = new List<LedgerEntry>();
        var head = "";
        for (var v = 1; v <= count; v++)
        {
            var row = LedgerHash.Seal(new LedgerEntry(
                $"tx-{v}", A, v, v == 1 ? EntryKind.Open : EntryKind.Deposit, null, 0, v == 1 ? 0 : 10, (v - 1) * 10,
                "alice", _at.AddSeconds(v), head, ""));
            rows.Add(row);
            head = row.Hash;
        }

        return rows;
    }
}
