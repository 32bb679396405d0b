namespace BankOrleans.Contracts.Replication;

/// <summary>The ballot a replica has promised on one object (a row at version 0 holds a promise only).</summary>
/// <param name="Account">The object's key.</param>
/// <param name="Promised">The highest ballot promised on it.</param>
[GenerateSerializer, Immutable]
public sealed record AccountPromise([Id(0)] string Account, [Id(1)] Ballot Promised);
