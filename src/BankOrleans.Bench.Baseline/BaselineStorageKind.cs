namespace BankOrleans.Bench.Baseline;

/// <summary>Where the baseline keeps its transactional state.</summary>
public enum BaselineStorageKind
{
    /// <summary>Orleans ADO.NET grain storage on one SQLite file per silo: durable.</summary>
    Sqlite,

    /// <summary>Orleans in-memory grain storage: not durable, the upper bound of the peer.</summary>
    Memory,
}
