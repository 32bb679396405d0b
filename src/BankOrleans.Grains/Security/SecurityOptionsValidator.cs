using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Security;

/// <summary>Refuses to start a silo without a usable session key or with nonsensical costs (messages never contain a secret).</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    /// <summary>The smallest session key accepted, in bytes.</summary>
    public const int MinKeyBytes = 32;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            var key = SessionTokens.DecodeKey(options);
            if (key is null)
            {
                failures.Add($"{SecurityOptions.SectionName}:SessionKey (or SessionKeyFile) is required: a base64 key of at least {MinKeyBytes} bytes");
            }
            else if (key.Length < MinKeyBytes)
            {
                failures.Add($"{SecurityOptions.SectionName}:SessionKey must be at least {MinKeyBytes} bytes");
            }
        }
        catch (FormatException)
        {
            failures.Add($"{SecurityOptions.SectionName}:SessionKey is not valid base64");
        }
        catch (IOException e)
        {
            failures.Add($"{SecurityOptions.SectionName}:SessionKeyFile cannot be read ({e.GetType().Name})");
        }
        catch (UnauthorizedAccessException)
        {
            failures.Add($"{SecurityOptions.SectionName}:SessionKeyFile cannot be read (access denied)");
        }

        if (options.PasswordIterations < 1)
        {
            failures.Add($"{SecurityOptions.SectionName}:PasswordIterations must be at least 1");
        }

        if (options.PasswordHashingThreads is < 1 or > SecurityOptions.MaxPasswordHashingThreads)
        {
            failures.Add($"{SecurityOptions.SectionName}:PasswordHashingThreads must be between 1 and {SecurityOptions.MaxPasswordHashingThreads}");
        }

        if (options.PasswordHashingQueue < 1)
        {
            failures.Add($"{SecurityOptions.SectionName}:PasswordHashingQueue must be at least 1");
        }

        if (options.PasswordHashingMaxWait <= TimeSpan.Zero)
        {
            failures.Add($"{SecurityOptions.SectionName}:PasswordHashingMaxWait must be positive");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{SecurityOptions.SectionName}:SessionLifetime must be positive");
        }


        if (options.FailedLoginsBeforeThrottling < 1 || options.FirstLoginDelay <= TimeSpan.Zero || options.MaxLoginDelay < options.FirstLoginDelay)
        {
            failures.Add($"{SecurityOptions.SectionName}: login throttling needs FailedLoginsBeforeThrottling >= 1 and 0 < FirstLoginDelay <= MaxLoginDelay");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
