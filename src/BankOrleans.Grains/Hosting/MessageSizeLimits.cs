using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Grains.Hosting;

/// <summary>
/// The largest message a bank silo reads or writes (Orleans' <c>MessagingOptions.MaxMessageHeaderSize</c>
/// and <c>MaxMessageBodySize</c>, whose defaults are 10 MB and 100 MB). A frame over the limit makes
/// the runtime close the connection it came on, so a hostile client that sends one loses its own
/// connection and nothing else; and since the same limits apply between silos, every internal
/// message must stay below them (a silo-to-silo connection closed the same way would fail every
/// call in flight on it). The internal batches are bounded so that they do.
/// </summary>
/// <remarks>
/// Sizes on the wire (Orleans' binary format: strings as UTF-8 with a length prefix, small field
/// headers; <c>MessageSizeLimitTests</c> measures the worst cases below with the silo's serializer):
/// a ledger row is at most about 0.6 KB (a void row's tx id of 131 chars, a user key of 37, owner
/// 32, two 64-char hashes, a password-hash payload of about 100, numbers and a timestamp); an
/// account state about 0.25 KB; a digest about 0.2 KB.
/// <list type="bullet">
/// <item>AcceptMany: <see cref="MaxProtocolBatch"/> (1,024) accepts of one operation and at most 2 fences, ≤ 1 KB each: ≤ 1 MB.</item>
/// <item>PrepareMany replies: 1,024 × (≤ 2 accounts × (state + ≤ 2 top rows)) ≤ 1,024 × 3 KB ≈ 3 MB, plus
/// each write leader activation's shared prepare (one in flight per activation) of at most <see cref="LeaderOptions.MaxSharedRoundAccounts"/>
/// accounts × 1.5 KB ≈ 1.5 MB.</item>
/// <item>Reader feed ApplyMany: <see cref="MaxFeedBatch"/> (8,192) committed operations × ≤ 2 rows × 0.6 KB ≈ 10 MB.</item>
/// <item>Inventory pages: <see cref="InventoryPages.MaxPageSize"/> (50,000) digests × 0.2 KB ≈ 10 MB; Versions/DigestsOf ≤ <see cref="IReplicaGrain.MaxVersionKeys"/> keys.</item>
/// <item>ReadEntries: a statement ≤ <see cref="Statement.MaxLimit"/> rows (0.6 MB); a full-history repair ≤ <c>RepairBatchSize</c> (10,000) rows ≈ 6 MB.</item>
/// </list>
/// So <see cref="MaxBodyBytes"/> = 16 MB leaves every bounded internal message at least a third
/// of the limit in reserve. Headers carry a grain id (its key), the interface and method, the
/// request context (trace ids) and cache updates: a few hundred bytes, so 64 KB refuses only a
/// grain key no bank object can have. Not yet bounded: a reader's gap fill and a user's password
/// record read (ReadEntries of a whole gap, or of every logout of a user) and OwnedBy (every
/// account of a user) would pass the limit at about 25,000 rows or 60,000 accounts.
/// </remarks>
public static class MessageSizeLimits
{
    /// <summary>The largest message body, in bytes: 16 MB.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>The largest message header, in bytes: 64 KB.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The most requests one batched prepare or accept message carries (<c>Bank:Batching:MaxBatch</c>).</summary>
    public const int MaxProtocolBatch = 1_024;

    /// <summary>The most committed operations one message of the reader's feed carries (<c>Bank:Batching:MaxFeedBatch</c>).</summary>
    public const int MaxFeedBatch = 8_192;
}
