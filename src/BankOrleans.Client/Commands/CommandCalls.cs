using BankOrleans.Client.Banking;
using BankOrleans.Client.Cli;

namespace BankOrleans.Client.Commands;

/// <summary>Runs one scripted command's call: connects, calls through <see cref="BankService"/>, disconnects.</summary>
internal static class CommandCalls
{
    public static async Task<T> WithBankAsync<T>(CommandContext context, CancellationToken ct, Func<BankService, Task<T>> call)
    {
        await using var cluster = await context.ConnectAsync(ct).ConfigureAwait(false);
        return await call(new BankService(cluster.Client)).ConfigureAwait(false);
    }
}
