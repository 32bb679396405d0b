namespace BankOrleans.Grains.Security;

/// <summary>
/// The operator check for administrative grain methods (verify, replicas, status details): the
/// caller passes the credential, the grain asks this service. Inject it in any grain.
/// </summary>
public interface IOperatorAuthorizer
{
    /// <summary>
    /// Whether <paramref name="credential"/> is the configured operator credential (compared in
    /// constant time). False when none is configured, so administration is closed by default.
    /// </summary>
    bool IsOperator(string? credential);
}
