namespace BankOrleans.Grains.Council;

/// <summary>The durable part of a council member: the epoch its ballots are issued in.</summary>
[GenerateSerializer]
public sealed class CouncilEpochState
{
    /// <summary>Bumped and written on every activation, before any ballot is issued.</summary>
    [Id(0)]
    public long Epoch { get; set; }
}
