namespace BankOrleans.Storage.Schema;

/// <summary>
/// One step of the replica file's schema: the SQL that takes a file from
/// <c>Version - 1</c> to <see cref="Version"/>. Applied once, inside the transaction that
/// also records the new version in <c>PRAGMA user_version</c>.
/// </summary>
/// <param name="Version">The schema version the file is at after this step (1, 2, …).</param>
/// <param name="Name">A short description, for errors and logs.</param>
/// <param name="Sql">The statements to run; constants only, never values from outside.</param>
internal sealed record Migration(int Version, string Name, string Sql);
