namespace BankOrleans.Grains.Council;

/// <summary>
/// The durable part of a council member (its state file): the epoch its ballots are issued in,
/// the file's identity, and the epochs it recorded for the other members.
/// </summary>
[GenerateSerializer]
public sealed class CouncilEpochState
{
    /// <summary>Bumped and written on every activation, before any ballot is issued.</summary>
    [Id(0)]
    public long Epoch { get; set; }

    /// <summary>The identity of this state: made when it was first written, never reused.</summary>
    [Id(1)]
    public string? FileId { get; set; }

    /// <summary>The highest epoch each other member (by index) told this one it issues in.</summary>
    [Id(2)]
    public Dictionary<int, long> PeerEpochs { get; set; } = [];
}
