namespace BankOrleans.Contracts.Replication;

/// <summary>
/// The summary of one range of a replica's keys (<c>DigestRanges</c>): how many opened objects it
/// holds there and the sum of their digest hashes. Two replicas with equal summaries of a range
/// hold the same state of every object in it, up to a 64-bit hash collision.
/// </summary>
/// <param name="Range">The range: the keys' common prefix (<c>DigestRanges.Of</c>).</param>
/// <param name="Count">How many opened objects the range holds.</param>
/// <param name="Sum">The sum, modulo 2^64, of their digest hashes (<c>DigestRanges.Hash</c>).</param>
[GenerateSerializer, Immutable]
public sealed record RangeDigest(
    [Id(0)] string Range,
    [Id(1)] long Count,
    [Id(2)] ulong Sum);
