using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Rejects a non-positive <see cref="RequestTimeoutOptions.ResponseTimeout"/>.</summary>
public sealed class RequestTimeoutOptionsValidator : IValidateOptions<RequestTimeoutOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RequestTimeoutOptions options)
    {
        var failures = new List<string>();
        FailureDetectionOptionsValidator.Positive(failures, $"{RequestTimeoutOptions.SectionName}:ResponseTimeout", options.ResponseTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
