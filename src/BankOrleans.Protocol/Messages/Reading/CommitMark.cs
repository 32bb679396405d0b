namespace BankOrleans.Contracts.Reading;

/// <summary>
/// That an account reached <paramref name="Version"/>, whose committed row's hash is
/// <paramref name="Head"/>, through an operation a master's coordinator committed and fed to the
/// reader: the reader's heartbeat checks it holds that version and, if the one-way feed lost it,
/// fetches the rows from the masters' chosen history.
/// </summary>
/// <param name="Account">The account number.</param>
/// <param name="Version">The version the commit left it at.</param>
/// <param name="Head">The hash of the committed row at <paramref name="Version"/>.</param>
[GenerateSerializer, Immutable]
public sealed record CommitMark(
    [Id(0)] string Account,
    [Id(1)] long Version,
    [Id(2)] string Head);
