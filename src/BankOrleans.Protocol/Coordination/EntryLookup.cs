namespace BankOrleans.Protocol.Coordination;

/// <summary>A row the resolver needs before it can decide: account's row at a version, read from a replica.</summary>
public readonly record struct EntryLookup(string Account, long Version, int Replica);
