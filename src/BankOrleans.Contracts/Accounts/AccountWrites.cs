namespace BankOrleans.Contracts.Accounts;

/// <summary>How a client or a silo reaches <see cref="IAccountWritesGrain"/>: there is one key.</summary>
public static class AccountWrites
{
    /// <summary>The entry's grain key; any other answers <c>bad_input</c>.</summary>
    public const long Key = 0;

    /// <summary>The write entry, on the silo whose gateway (or whose own grain) makes the call.</summary>
    public static IAccountWritesGrain Of(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IAccountWritesGrain>(Key);
    }
}
