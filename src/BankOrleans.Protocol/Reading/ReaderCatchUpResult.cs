namespace BankOrleans.Protocol.Reading;

/// <summary>What one <see cref="ReaderCatchUpPass.RunAsync"/> did.</summary>
/// <param name="Done">Whether the reader now holds everything committed before the pass began (it may serve).</param>
/// <param name="MastersAnswered">How many masters sent their whole inventory (fewer than two: nothing was done).</param>
/// <param name="Updated">Accounts the pass re-read from the masters.</param>
/// <param name="Failed">Accounts it could not bring up to date.</param>
public sealed record ReaderCatchUpResult(bool Done, int MastersAnswered, int Updated, IReadOnlyList<string> Failed);
