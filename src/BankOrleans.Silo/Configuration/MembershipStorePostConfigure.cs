using Microsoft.Extensions.Options;
using Npgsql;

namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Puts the password of <see cref="MembershipStoreOptions.PasswordFile"/> into the PostgreSQL
/// connection string, so that compose files and environments never carry it. A file that
/// cannot be read, or a malformed connection string, is left for the validator to report.
/// </summary>
public sealed class MembershipStorePostConfigure : IPostConfigureOptions<MembershipStoreOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, MembershipStoreOptions options)
    {
        if (options.Provider != MembershipStoreOptions.Postgres || string.IsNullOrWhiteSpace(options.PasswordFile))
        {
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
            {
                Password = File.ReadAllText(options.PasswordFile).Trim(),
            };
            options.ConnectionString = builder.ConnectionString;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Reported by MembershipStoreOptionsValidator (without the connection string).
        }
    }
}
