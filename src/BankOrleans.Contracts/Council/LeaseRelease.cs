namespace BankOrleans.Contracts.Council;

/// <summary>One coordinator's release of its leases on some accounts.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseRelease(
    [property: Id(0)] string Coordinator,
    [property: Id(1)] IReadOnlyList<string> Accounts);
