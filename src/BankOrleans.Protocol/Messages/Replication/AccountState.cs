namespace BankOrleans.Contracts.Replication;

/// <summary>
/// One replica's durable record of one account. Version 0 means the account has never
/// been opened on this replica (it may still carry a promise).
/// </summary>
/// <param name="Account">The account number.</param>
/// <param name="Owner">The owning customer; "" while version is 0.</param>
/// <param name="BalanceCents">The balance, never negative.</param>
/// <param name="Version">The number of ledger rows of the account.</param>
/// <param name="Head">The hash of the newest ledger row, "" at version 0.</param>
/// <param name="AcceptedBallot">The ballot under which the current version was accepted or installed.</param>
/// <param name="PromisedBallot">The highest ballot this replica promised for the account.</param>
/// <param name="Frozen">Whether writes are refused until reconciliation can decide the account's state.</param>
[GenerateSerializer, Immutable]
public sealed record AccountState(
    [Id(0)] string Account,
    [Id(1)] string Owner,
    [Id(2)] long BalanceCents,
    [Id(3)] long Version,
    [Id(4)] string Head,
    [Id(5)] Ballot AcceptedBallot,
    [Id(6)] Ballot PromisedBallot,
    [Id(7)] bool Frozen)
{
    /// <summary>The state of an account this replica has never seen.</summary>
    public static AccountState Empty(string account) => new(account, "", 0, 0, "", Ballot.Zero, Ballot.Zero, false);

    /// <summary>Whether the account has been opened.</summary>
    public bool Exists => Version > 0;
}
