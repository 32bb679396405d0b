using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Rejects non-positive failure-detection settings; each message names the setting.</summary>
public sealed class FailureDetectionOptionsValidator : IValidateOptions<FailureDetectionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FailureDetectionOptions options)
    {
        const string S = FailureDetectionOptions.SectionName;
        var failures = new List<string>();
        Positive(failures, $"{S}:ProbeTimeout", options.ProbeTimeout);
        Positive(failures, $"{S}:TableRefreshTimeout", options.TableRefreshTimeout);
        Positive(failures, $"{S}:IAmAliveTablePublishTimeout", options.IAmAliveTablePublishTimeout);
        Positive(failures, $"{S}:DeathVoteExpirationTimeout", options.DeathVoteExpirationTimeout);
        if (options.NumMissedProbesLimit < 1)
        {
            failures.Add($"{S}:NumMissedProbesLimit must be at least 1 (was {options.NumMissedProbesLimit}).");
        }

        if (options.NumVotesForDeathDeclaration < 1)
        {
            failures.Add($"{S}:NumVotesForDeathDeclaration must be at least 1 (was {options.NumVotesForDeathDeclaration}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be a positive time span such as \"00:00:02\" (was {value}).");
        }
    }
}
