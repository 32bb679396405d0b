using Microsoft.Extensions.Options;
using Npgsql;

namespace BankOrleans.Silo.Configuration;

/// <summary>Rejects an unknown membership provider and a missing or malformed PostgreSQL connection string (without echoing it).</summary>
public sealed class MembershipStoreOptionsValidator : IValidateOptions<MembershipStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MembershipStoreOptions options)
    {
        const string S = MembershipStoreOptions.SectionName;
        if (options.Provider == MembershipStoreOptions.Sqlite)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Provider != MembershipStoreOptions.Postgres)
        {
            return ValidateOptionsResult.Fail(
                $"{S}:Provider must be '{MembershipStoreOptions.Sqlite}' or '{MembershipStoreOptions.Postgres}' (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{S}:ConnectionString is required when {S}:Provider is '{MembershipStoreOptions.Postgres}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.PasswordFile) && !File.Exists(options.PasswordFile))
        {
            return ValidateOptionsResult.Fail($"{S}:PasswordFile '{options.PasswordFile}' does not exist.");
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return string.IsNullOrWhiteSpace(parsed.Host)
                ? ValidateOptionsResult.Fail($"{S}:ConnectionString must name a Host.")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException)
        {
            // The message of the exception may quote the connection string, password included.
            return ValidateOptionsResult.Fail($"{S}:ConnectionString is not a valid Npgsql connection string.");
        }
    }
}
