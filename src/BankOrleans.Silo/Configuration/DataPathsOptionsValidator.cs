using Microsoft.Extensions.Options;

namespace BankOrleans.Silo.Configuration;

/// <summary>Rejects data paths that collide (two roles writing one file).</summary>
public sealed class DataPathsOptionsValidator : IValidateOptions<DataPathsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DataPathsOptions options)
    {
        const string S = DataPathsOptions.SectionName;
        var files = new[] { ("ReplicaFile", options.ReplicaFile), ("MembershipFile", options.MembershipFile), ("GrainStateFile", options.GrainStateFile) };
        var failures = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            for (var j = i + 1; j < files.Length; j++)
            {
                if (string.Equals(files[i].Item2, files[j].Item2, StringComparison.Ordinal))
                {
                    failures.Add($"{S}:{files[i].Item1} and {S}:{files[j].Item1} must be different files (both '{files[i].Item2}').");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
