namespace BankOrleans.Bench.Measurement;

/// <summary>
/// Whether money was conserved: the sum of every benchmark account's balance must equal what
/// was funded, plus committed deposits, minus committed withdrawals. Deposits and withdrawals
/// whose outcome stayed unknown widen the expected total to a range (each may or may not have
/// been applied); transfers never change the total, whatever their outcome.
/// </summary>
public sealed record ConservationCheck(
    long FundedCents,
    long DepositedCents,
    long WithdrawnCents,
    long UnresolvedDepositCents,
    long UnresolvedWithdrawCents,
    long? ActualCents,
    int UnreadAccounts)
{
    /// <summary>The total if no unresolved operation was applied.</summary>
    public long ExpectedCents => checked(FundedCents + DepositedCents - WithdrawnCents);

    /// <summary>The lowest total consistent with the unresolved operations.</summary>
    public long LowestCents => checked(ExpectedCents - UnresolvedWithdrawCents);

    /// <summary>The highest total consistent with the unresolved operations.</summary>
    public long HighestCents => checked(ExpectedCents + UnresolvedDepositCents);

    /// <summary>Whether every balance was read and their sum is within [lowest, highest] (exactly the expected total when nothing is unresolved).</summary>
    public bool Conserved => UnreadAccounts == 0 && ActualCents is { } actual && actual >= LowestCents && actual <= HighestCents;

    /// <summary>One line for people.</summary>
    public string Describe()
    {
        if (UnreadAccounts > 0 || ActualCents is null)
        {
            return $"NOT VERIFIED: {UnreadAccounts} account balance(s) could not be read";
        }

        var range = LowestCents == HighestCents
            ? Money(ExpectedCents)
            : $"{Money(LowestCents)} … {Money(HighestCents)} (unresolved operations)";
        return Conserved
            ? $"conserved: sum of balances {Money(ActualCents.Value)} = expected {range}"
            : $"NOT CONSERVED: sum of balances {Money(ActualCents.Value)}, expected {range} (difference {Money(ActualCents.Value - ExpectedCents)})";
    }

    private static string Money(long cents) => new Contracts.Money(cents).ToString();
}
