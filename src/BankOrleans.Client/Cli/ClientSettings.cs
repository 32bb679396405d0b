using BankOrleans.Client.Connection;

namespace BankOrleans.Client.Cli;

/// <summary>The values of the global options of one invocation.</summary>
/// <param name="Gateways">Gateways to connect to, in the order given.</param>
/// <param name="Json">Whether to answer with one JSON object.</param>
/// <param name="Session">The session token (<c>--session</c> or <c>BANK_SESSION</c>), if any.</param>
/// <param name="RequestId">The caller's idempotency key (<c>--request-id</c>), if any.</param>
public sealed record ClientSettings(
    IReadOnlyList<GatewayAddress> Gateways,
    bool Json,
    string? Session,
    string? RequestId);
