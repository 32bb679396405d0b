namespace BankOrleans.Grains.Council;

/// <summary>The name of the grain storage provider that keeps council epochs (one SQLite file per master).</summary>
public static class CouncilStorage
{
    /// <summary>Provider name; the silo registers ADO.NET grain storage under it.</summary>
    public const string Name = "council";
}
