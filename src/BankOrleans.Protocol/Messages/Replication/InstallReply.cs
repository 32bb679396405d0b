namespace BankOrleans.Contracts.Replication;

/// <summary>A replica's answer to <see cref="InstallRequest"/>; <see cref="CurrentVersion"/> is the version of the first account that diverged.</summary>
[GenerateSerializer, Immutable]
public sealed record InstallReply(
    [property: Id(0)] InstallStatus Status,
    [property: Id(1)] Ballot HighestPromised,
    [property: Id(2)] long CurrentVersion);
