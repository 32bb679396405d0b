namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// Where the write entry hands a customer write: the write leader (<see cref="IWriteLeaderGrain"/>).
/// Silos only: the write leader refuses a client's call (ARCHITECTURE §5a); clients write through
/// <see cref="IAccountWritesGrain"/>, which checks the input and forwards here; the leader checks the session.
/// </summary>
public static class WriteLeader
{
    /// <summary>The leader's grain key: there is one.</summary>
    public const long Key = 0;
}
