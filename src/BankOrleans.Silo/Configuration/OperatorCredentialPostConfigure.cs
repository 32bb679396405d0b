using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Reads <see cref="OperatorCredentialOptions.OperatorTokenFile"/> into
/// <see cref="OperatorCredentialOptions.OperatorToken"/> when no token is given inline. A file
/// that cannot be read leaves the token empty, which the dashboard validator reports.
/// </summary>
public sealed class OperatorCredentialPostConfigure : IPostConfigureOptions<OperatorCredentialOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, OperatorCredentialOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.OperatorToken) || string.IsNullOrWhiteSpace(options.OperatorTokenFile))
        {
            return;
        }

        try
        {
            options.OperatorToken = File.ReadAllText(options.OperatorTokenFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            options.OperatorToken = string.Empty;
        }
    }
}
