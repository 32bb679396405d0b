namespace BankOrleans.Protocol.Reading;

/// <summary>A decision of <see cref="ReaderSessionRule"/>, with a message for people.</summary>
public sealed record ReaderSessionDecision(ReaderSessionVerdict Verdict, string Message);
