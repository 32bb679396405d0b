using BankOrleans.Contracts;
using BankOrleans.Contracts.Security;
using BankOrleans.Grains.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BankOrleans.Grains.Trust;

/// <summary>
/// The silo's trust boundary (ARCHITECTURE §5a), one incoming filter for every grain call: a call
/// that carries the <see cref="SiloCallCredential"/> comes from a silo (or a tool holding the
/// cluster's key) and goes through; any other call is a client's, and reaches only the
/// <see cref="ClientSurface"/>. A refused call throws <see cref="UnauthorizedAccessException"/>
/// (<c>not_authorized</c>) before the grain method runs, and counts in <c>bank.security.refused</c>.
/// </summary>
public sealed partial class TrustBoundaryFilter(SiloCallCredential credential, ILogger<TrustBoundaryFilter> logger) : IIncomingGrainCallFilter
{
    /// <inheritdoc />
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var presented = RequestContext.Get(SiloCallCredential.ContextKey);
        if (presented is not null && credential.Matches(presented))
        {
            return context.Invoke();
        }

        var grainInterface = context.Request.GetInterfaceType();
        var method = context.Request.GetMethodName();
        if (ClientSurface.Allows(grainInterface, method))
        {
            // A forged value must not ride along into the grain's own calls (the stamp replaces it anyway).
            if (presented is not null)
            {
                RequestContext.Remove(SiloCallCredential.ContextKey);
            }

            return context.Invoke();
        }

        var name = grainInterface.FullName ?? grainInterface.Name;
        BankMetrics.RecordRefusedCall(name);
        LogRefused(logger, name, method, context.SourceId?.ToString() ?? "unknown");
        throw new UnauthorizedAccessException($"{ErrorCodes.NotAuthorized}: {grainInterface.Name}.{method} serves the bank's silos only");
    }

    // Debug, not Warning: a hostile client could otherwise fill the logs; the counter is what operators watch.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a client's call to {Interface}.{Method} (claimed source {Source}): internal grains serve silos only")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, string source);
}
