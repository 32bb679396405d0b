namespace BankOrleans.Chaos.History;

/// <summary>One account's balance as one read answered it (Ok false: the read was refused or failed).</summary>
internal sealed record BalanceRead(string Account, bool Ok, long BalanceCents, long Version, string ServedBy, string? Error);
