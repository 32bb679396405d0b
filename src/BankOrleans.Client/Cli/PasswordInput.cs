namespace BankOrleans.Client.Cli;

/// <summary>Where a scripted command gets a password: the first line of standard input (<c>--password-stdin</c>) or <c>BANK_PASSWORD</c>.</summary>
public static class PasswordInput
{
    /// <summary>Environment variable that supplies the password when <c>--password-stdin</c> is absent.</summary>
    public const string EnvironmentVariable = "BANK_PASSWORD";

    /// <summary>The password, or <c>bad_input</c> saying how to give one. The password itself is never echoed.</summary>
    public static string Read(bool fromStdin, BankClientOptions options)
    {
        string? password;
        if (fromStdin)
        {
            password = (options.StandardInput ?? Console.In).ReadLine();
            if (password is null)
            {
                throw new ClientErrorException(ClientError.BadInput("--password-stdin given but standard input is empty"));
            }
        }
        else
        {
            password = (options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
            if (string.IsNullOrEmpty(password))
            {
                throw new ClientErrorException(ClientError.BadInput($"password required: pass --password-stdin or set {EnvironmentVariable}"));
            }
        }

        return password.TrimEnd('\r', '\n');
    }
}
