namespace BankOrleans.Contracts.Security;

/// <summary>
/// Attaches the <see cref="SiloCallCredential"/> to every grain call its process makes, except
/// calls to clients (a client's objects must never see it). Silos register it; so do the few
/// trusted tools that act as a silo (the fault campaign's checker, test harnesses), which read the
/// session key from the cluster's secrets like a silo does.
/// </summary>
public sealed class SiloCallStamp(SiloCallCredential credential) : IOutgoingGrainCallFilter
{
    /// <inheritdoc />
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TargetId.IsClient())
        {
            // Another call of this turn may have set it: a client never receives it.
            if (RequestContext.Get(SiloCallCredential.ContextKey) is not null)
            {
                RequestContext.Remove(SiloCallCredential.ContextKey);
            }
        }
        else if (!ReferenceEquals(RequestContext.Get(SiloCallCredential.ContextKey), credential.Value))
        {
            RequestContext.Set(SiloCallCredential.ContextKey, credential.Value);
        }

        return context.Invoke();
    }
}
