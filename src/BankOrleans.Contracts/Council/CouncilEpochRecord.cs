namespace BankOrleans.Contracts.Council;

/// <summary>
/// What one council member knows of another's epochs (docs/protocol.md, "Lost disks").
/// </summary>
/// <param name="Recorded">The highest epoch the asked member has recorded for the asking one (0 if none).</param>
/// <param name="OwnEpoch">The asked member's own epoch, 0 if it has none yet (so a member that lost its file learns the others' again).</param>
[GenerateSerializer, Immutable]
public sealed record CouncilEpochRecord([property: Id(0)] long Recorded, [property: Id(1)] long OwnEpoch);
