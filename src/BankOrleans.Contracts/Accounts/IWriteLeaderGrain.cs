namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// The write leader (key 0), on any master: the one coordinator of every customer write, so that
/// it keeps each account's promises from one write to the next and most writes need only the
/// accept round of the write path (ARCHITECTURE §3, multi-Paxos per account). It runs writes
/// concurrently; writes that share an account take turns. If it dies, Orleans activates it on
/// another master, which prepares each account once more; ballots keep two activations safe.
/// </summary>
/// <remarks>
/// Serves silos only (a client's call is refused, ARCHITECTURE §5a); clients reach it through
/// <see cref="IAccountWritesGrain"/>, which forwards the session unchecked, so the leader checks everything itself: the command's input, and the session
/// (MAC, expiry, the user's current epoch); the operation runs for the session's user only. Answers
/// errors as <see cref="WriteResult"/> values, never as exceptions.
/// </remarks>
public interface IWriteLeaderGrain : IGrainWithIntegerKey
{
    /// <summary>Runs <paramref name="command"/> for the user of <paramref name="session"/> through the replicated write path.</summary>
    Task<WriteResult> Write(WriteCommand command, string session);
}
