using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Recovery;

/// <summary>The identity a replica file carries inside it.</summary>
/// <param name="FileId">Made once when the file was created, never reused.</param>
/// <param name="Standing">The standing the file was last in.</param>
/// <param name="Lsn">Write transactions committed to the file.</param>
public sealed record StoredIdentity(string FileId, StandingKind Standing, long Lsn);
