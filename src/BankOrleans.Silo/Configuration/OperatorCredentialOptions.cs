namespace BankOrleans.Silo.Configuration;

/// <summary>
/// The operator credential (<c>Bank:Security:OperatorToken</c>, the key the admin commands use
/// too). The silo uses it to protect the dashboard. It is a secret: never logged, never put in
/// a file under version control; give it through <c>BANK_Bank__Security__OperatorToken</c>, or
/// as a file through <c>Bank:Security:OperatorTokenFile</c> (what <c>./bank up</c> does; read by
/// <see cref="OperatorCredentialPostConfigure"/>).
/// </summary>
public sealed class OperatorCredentialOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Bank:Security";

    /// <summary>The full configuration key of the token, for messages.</summary>
    public const string TokenKey = "Bank:Security:OperatorToken";

    /// <summary>Shortest token accepted to protect the dashboard.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>The operator token; empty when none is configured.</summary>
    public string OperatorToken { get; set; } = string.Empty;

    /// <summary>A file holding the token, used when <see cref="OperatorToken"/> is empty.</summary>
    public string OperatorTokenFile { get; set; } = string.Empty;

    /// <summary>True when a token of at least <see cref="MinimumTokenLength"/> characters is configured.</summary>
    public bool IsStrong => !string.IsNullOrWhiteSpace(OperatorToken) && OperatorToken.Trim().Length >= MinimumTokenLength;

    /// <inheritdoc />
    public override string ToString() => "OperatorCredentialOptions { OperatorToken = <redacted> }";
}
