using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Refuses a silo whose cluster certificate settings would not let it join: missing files, a key
/// that does not belong to the certificate, a certificate not issued by the configured CA or not
/// valid now. Each message names the setting (<c>Bank:Tls:CertificateFile</c>, …).
/// </summary>
public sealed class ClusterCertificateOptionsValidator : IValidateOptions<ClusterCertificateOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterCertificateOptions options)
    {
        var failures = ClusterCredentials.Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
