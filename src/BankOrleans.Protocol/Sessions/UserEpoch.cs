namespace BankOrleans.Protocol.Sessions;

/// <summary>
/// What a majority read of a user's session epoch returned: the highest of the answers (the
/// epoch checks compare a session with) and the lowest (a floor no later read can go below).
/// </summary>
/// <param name="Highest">The highest answer. It may be a logout accepted on one replica only and never chosen.</param>
/// <param name="Floor">
/// The lowest answer: every replica of the majority held at least this version, so every later
/// majority (which shares a replica with it) finds at least this version, whatever it completes.
/// </param>
public readonly record struct UserEpoch(long Highest, long Floor);
