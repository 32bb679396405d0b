namespace BankOrleans.Contracts.Council;

/// <summary>
/// One message to a council member inside a batch: a vote request or a release, exactly one of
/// the two. Votes and releases share one ordered stream per member so that a coordinator's
/// release can never overtake, and then cancel, the grant of its next vote.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CouncilRequest(
    [property: Id(0)] LeaseRequest? Lease,
    [property: Id(1)] LeaseRelease? Release)
{
    /// <summary>A vote request.</summary>
    public static CouncilRequest Vote(LeaseRequest request) => new(request, null);

    /// <summary>A release.</summary>
    public static CouncilRequest Releasing(LeaseRelease release) => new(null, release);
}
