namespace BankOrleans.Protocol.Recovery;

/// <summary>
/// What a replica last acknowledged from, kept outside its file (a stamp file beside it): the
/// identity of the file and how many write transactions it had committed. A file older than its
/// stamp was rolled back; a file with another identity replaced the one the stamp names.
/// </summary>
/// <param name="FileId">The identity of the file the replica acknowledged from.</param>
/// <param name="Lsn">The number of write transactions that file had committed when it last answered.</param>
public sealed record ReplicaStamp(string FileId, long Lsn);
