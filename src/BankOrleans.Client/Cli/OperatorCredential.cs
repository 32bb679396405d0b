namespace BankOrleans.Client.Cli;

/// <summary>
/// Where the client finds the operator credential for <c>admin verify</c> and <c>admin replicas</c>:
/// <c>BANK_OPERATOR_TOKEN</c>, else the file <c>BANK_OPERATOR_TOKEN_FILE</c>, else the token
/// <c>./bank up</c> generated in <c>$BANK_DATA_DIR/secrets/operator-token</c> (default <c>./data</c>).
/// The token is never printed.
/// </summary>
public static class OperatorCredential
{
    /// <summary>The credential, or null when none is available.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("BANK_OPERATOR_TOKEN") is { Length: > 0 } token)
        {
            return token.Trim();
        }

        var dataDir = Environment.GetEnvironmentVariable("BANK_DATA_DIR") is { Length: > 0 } dir ? dir : "data";
        var file = Environment.GetEnvironmentVariable("BANK_OPERATOR_TOKEN_FILE") is { Length: > 0 } named
            ? named
            : Path.Combine(dataDir, "secrets", "operator-token");
        try
        {
            return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The credential, or a <c>not_authorized</c> error saying where it is looked for.</summary>
    /// <exception cref="ClientErrorException">No credential is available.</exception>
    public static string Require() =>
        Find() ?? throw new ClientErrorException(new ClientError(
            BankOrleans.Contracts.ErrorCodes.NotAuthorized,
            "no operator credential: set BANK_OPERATOR_TOKEN or BANK_OPERATOR_TOKEN_FILE (./bank up writes $BANK_DATA_DIR/secrets/operator-token)"));
}
