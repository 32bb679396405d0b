namespace BankOrleans.Contracts.Replication;

/// <summary>A replica's answer to <see cref="InstallRequest"/>; <see cref="CurrentVersion"/> is the version of the first account that diverged.</summary>
[GenerateSerializer, Immutable]
public sealed record InstallReply(
    [Id(0)] InstallStatus Status,
    [Id(1)] Ballot HighestPromised,
    [Id(2)] long CurrentVersion);
