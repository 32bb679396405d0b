namespace BankOrleans.Operations.Tests;

/// <summary>
/// A fact that needs a local PostgreSQL server: skipped, with <see cref="PostgresBinaries.MissingMessage"/>,
/// where the binaries are absent — except under CI, where the test runs and fails instead, so
/// that a broken CI install can never pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when PostgreSQL is missing outside CI.</summary>
    public PostgresFactAttribute()
    {
        if (!PostgresBinaries.InCi && PostgresBinaries.Find() is null)
        {
            Skip = PostgresBinaries.MissingMessage;
        }
    }
}
