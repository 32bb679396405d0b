namespace BankOrleans.Protocol.Reading;

/// <summary>
/// Rows the read replica lacks before it can apply a committed row: the account's rows above
/// <see cref="AfterVersion"/> up to <see cref="UpToVersion"/>, the last of which must hash to
/// <see cref="ExpectedHead"/> (the committed row's previous hash).
/// </summary>
public sealed record ReaderGap(string Account, long AfterVersion, long UpToVersion, string ExpectedHead);
