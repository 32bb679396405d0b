namespace BankOrleans.Silo.Configuration;

/// <summary>
/// The <c>Messaging</c> section: how long a grain call made from this silo waits for its
/// answer (Orleans <c>SiloMessagingOptions.ResponseTimeout</c>). Orleans' 30 s default is too
/// long for a user waiting at a console.
/// </summary>
public sealed class RequestTimeoutOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Messaging";

    /// <summary>Grain call timeout. Default 10 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
