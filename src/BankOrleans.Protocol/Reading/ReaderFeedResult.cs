namespace BankOrleans.Protocol.Reading;

/// <summary>What <see cref="ReaderReplication.ApplyAsync"/> did with one committed operation's rows.</summary>
/// <param name="Conflicts">Accounts whose copy on the reader contradicted the rows and were rebuilt from the masters.</param>
/// <param name="Behind">Whether the rows could not be applied yet (a gap no master filled): the reader stays behind until a later catch-up.</param>
public sealed record ReaderFeedResult(IReadOnlyList<string> Conflicts, bool Behind);
