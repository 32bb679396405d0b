using BankOrleans.Client.Banking;
using BankOrleans.Client.Cli;

namespace BankOrleans.Client.Commands;

/// <summary>
/// Runs one scripted command's call: connects, calls through <see cref="BankService"/>,
/// disconnects; a failure that retrying can mend is tried again on another gateway within the
/// failover bound (<see cref="CommandContext.WithFailoverAsync{T}"/>).
/// </summary>
internal static class CommandCalls
{
    /// <summary>A read (or a call with no request id): every try is harmless.</summary>
    public static Task<T> WithBankAsync<T>(CommandContext context, CancellationToken ct, Func<BankService, Task<T>> call) =>
        context.WithFailoverAsync((cluster, _) => call(new BankService(cluster.Client)), requestId: null, ct);

    /// <summary>A write: every try carries <paramref name="requestId"/>, so it is applied at most once.</summary>
    public static Task<T> WriteAsync<T>(CommandContext context, string requestId, CancellationToken ct, Func<BankService, Task<T>> call) =>
        context.WithFailoverAsync((cluster, _) => call(new BankService(cluster.Client)), requestId, ct);
}
