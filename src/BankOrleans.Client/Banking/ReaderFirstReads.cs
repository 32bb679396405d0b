using BankOrleans.Client.Cli;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;

namespace BankOrleans.Client.Banking;

/// <summary>
/// The read path of ARCHITECTURE §4 as the client runs it: a balance comes from the reader silo's
/// query grain, within <see cref="ReaderTimeout"/>; when the reader is down (killed, not yet
/// declared dead, or gone), still catching up, or has not reached the version the client has
/// already seen, the client falls back to a majority read on the masters. <c>--fresh</c> goes
/// to the masters directly. History (<c>./bank history</c>) follows the same path.
/// </summary>
public static class ReaderFirstReads
{
    /// <summary>
    /// How long the client waits for the reader before asking the masters: short, so that a dead
    /// reader costs the user well under two seconds instead of Orleans' response timeout.
    /// </summary>
    public static readonly TimeSpan ReaderTimeout = TimeSpan.FromMilliseconds(1200);

    /// <summary>The balance of one of the caller's accounts, from the reader or else the masters.</summary>
    /// <param name="cluster">A connected client.</param>
    /// <param name="session">The caller's session token.</param>
    /// <param name="account">The account number.</param>
    /// <param name="fresh">Skip the reader: linearizable majority read.</param>
    /// <param name="minVersion">The highest version of the account the caller has seen (read-your-writes); 0 for none.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <exception cref="ClientErrorException">The masters refused or could not answer.</exception>
    public static async Task<BalanceView> BalanceAsync(
        IClusterClient cluster, string session, string account, bool fresh, long minVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!fresh)
        {
            try
            {
                var view = await cluster.GetGrain<IAccountQueryGrain>(account).Balance(minVersion, session)
                    .WaitAsync(ReaderTimeout, ct).ConfigureAwait(false);
                if (view.Ok)
                {
                    return view;
                }

                // The reader's refusals that the masters would repeat are final.
                if (view.Error is ErrorCodes.NotAuthorized or ErrorCodes.InvalidAccount or ErrorCodes.BadInput)
                {
                    throw new ClientErrorException(ClientError.FromServer(view.Error, view.Message));
                }
            }
            catch (Exception exception) when (exception is not ClientErrorException && !ct.IsCancellationRequested)
            {
                // Reader down, unplaceable or slow: the masters answer instead.
            }
        }

        return await new BankService(cluster).BalanceAsync(session, account, ct).ConfigureAwait(false);
    }

    /// <summary>The statement of one of the caller's accounts, from the reader or else the masters.</summary>
    /// <exception cref="ClientErrorException">The masters refused or could not answer.</exception>
    public static async Task<Statement> HistoryAsync(
        IClusterClient cluster, string session, string account, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            var statement = await cluster.GetGrain<IAccountQueryGrain>(account).History(limit, 0, session)
                .WaitAsync(ReaderTimeout, ct).ConfigureAwait(false);
            if (statement.Ok)
            {
                return statement;
            }

            if (statement.Error is ErrorCodes.NotAuthorized or ErrorCodes.InvalidAccount or ErrorCodes.BadInput)
            {
                throw new ClientErrorException(ClientError.FromServer(statement.Error, statement.Message));
            }
        }
        catch (Exception exception) when (exception is not ClientErrorException && !ct.IsCancellationRequested)
        {
            // Reader down, unplaceable or slow: the masters answer instead.
        }

        return await new BankService(cluster).HistoryAsync(session, account, limit, ct).ConfigureAwait(false);
    }
}
