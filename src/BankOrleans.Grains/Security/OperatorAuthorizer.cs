using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>Checks the operator credential from <c>Bank:Security:OperatorToken</c> (or <c>OperatorTokenFile</c>).</summary>
public sealed class OperatorAuthorizer : IOperatorAuthorizer
{
    private readonly byte[]? _expected;

    /// <summary>Reads the configured credential once.</summary>
    public OperatorAuthorizer(IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = SecretSource.Read(options.Value.OperatorToken, options.Value.OperatorTokenFile);
        _expected = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <inheritdoc />
    public bool IsOperator(string? credential)
    {
        if (_expected is null || string.IsNullOrEmpty(credential))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison leaks nothing about the credential.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(credential)), _expected);
    }
}
