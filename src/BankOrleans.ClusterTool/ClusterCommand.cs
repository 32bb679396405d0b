namespace BankOrleans.ClusterTool;

/// <summary>One parsed <c>bank-cluster</c> command line.</summary>
/// <param name="Verb">The command.</param>
/// <param name="Arguments">Its operands (a silo name, a file), or what is passed on (bench options).</param>
internal sealed record ClusterCommand(ClusterVerb Verb, IReadOnlyList<string> Arguments);
