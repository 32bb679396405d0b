using System.Globalization;
using System.Threading.Channels;
using BankOrleans.Bench.Workload;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// The single-node ceiling: the same operations as local SQLite transactions in this process
/// (WAL, <c>synchronous=FULL</c>), no cluster, no network. One writer thread applies queued
/// operations; with <c>maxBatch</c> 1 each operation is its own transaction and fsync, with a
/// larger batch up to that many queued operations share one transaction and one fsync (group
/// commit). An operation is answered only after its transaction committed.
/// </summary>
public sealed class SqliteLedgerTarget : IBankWorkloadTarget
{
    // Opening accounts is set-up, not measurement: it is batched whatever maxBatch is.
    private const int SetupBatch = 1024;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly int _maxBatch;
    private readonly Thread _writer;

    private SqliteLedgerTarget(string name, SqliteConnection connection, int maxBatch)
    {
        Name = name;
        _connection = connection;
        _maxBatch = maxBatch;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = name };
        _writer.Start();
    }

    private enum Kind
    {
        Open,
        Transfer,
        Deposit,
        Withdraw,
        Balance,
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool RetriesAreIdempotent => false;

    /// <summary>Creates (or replaces) the database file at <paramref name="path"/>.</summary>
    public static SqliteLedgerTarget Create(string name, string path, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=FULL;");
        Execute(connection, "CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0)) WITHOUT ROWID;");
        return new SqliteLedgerTarget(name, connection, maxBatch);
    }

    /// <inheritdoc />
    public Task PrepareAsync(int workers, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<(WriteOutcome Outcome, string Account)> OpenAndFundAsync(int index, long fundCents, CancellationToken cancellationToken)
    {
        var account = "acct-" + index.ToString(CultureInfo.InvariantCulture);
        var result = await EnqueueAsync(Kind.Open, account, null, fundCents).ConfigureAwait(false);
        return (result.Outcome, account);
    }

    /// <inheritdoc />
    public async Task<WriteOutcome> TransferAsync(int worker, string requestId, string from, string to, long amountCents) =>
        (await EnqueueAsync(Kind.Transfer, from, to, amountCents).ConfigureAwait(false)).Outcome;

    /// <inheritdoc />
    public async Task<WriteOutcome> DepositAsync(int worker, string requestId, string account, long amountCents) =>
        (await EnqueueAsync(Kind.Deposit, account, null, amountCents).ConfigureAwait(false)).Outcome;

    /// <inheritdoc />
    public async Task<WriteOutcome> WithdrawAsync(int worker, string requestId, string account, long amountCents) =>
        (await EnqueueAsync(Kind.Withdraw, account, null, amountCents).ConfigureAwait(false)).Outcome;

    /// <inheritdoc />
    public async Task<BalanceReading> BalanceAsync(int worker, string account)
    {
        var result = await EnqueueAsync(Kind.Balance, account, null, 0).ConfigureAwait(false);
        return new BalanceReading(result.Outcome.Outcome, result.Balance, result.Outcome.Error);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(_writer.Join).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private Task<(WriteOutcome Outcome, long Balance)> EnqueueAsync(Kind kind, string account, string? to, long amount)
    {
        var pending = new Pending(kind, account, to, amount, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Answer.SetResult((new WriteOutcome(OperationOutcome.Unavailable, "the SQLite writer is stopped"), 0));
        }

        return pending.Answer.Task;
    }

    private void WriteLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<(Pending Operation, (WriteOutcome, long) Result)>();
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (reader.TryPeek(out var next) && batch.Count < (next.Kind == Kind.Open ? SetupBatch : _maxBatch) && reader.TryRead(out next))
            {
                batch.Add((next, default));
            }

            try
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i] = (batch[i].Operation, Apply(transaction, batch[i].Operation));
                }

                transaction.Commit();
                foreach (var (operation, result) in batch)
                {
                    operation.Answer.SetResult(result);
                }
            }
            catch (SqliteException exception)
            {
                foreach (var (operation, _) in batch)
                {
                    operation.Answer.TrySetResult((new WriteOutcome(OperationOutcome.Unavailable, exception.Message), 0));
                }
            }
        }
    }

    private (WriteOutcome, long) Apply(SqliteTransaction transaction, Pending operation)
    {
        switch (operation.Kind)
        {
            case Kind.Open:
                Change(transaction, "INSERT INTO accounts (id, balance) VALUES ($a, $n) ON CONFLICT (id) DO UPDATE SET balance = balance + $n;", operation.Account, operation.Amount);
                return (WriteOutcome.Committed, 0);
            case Kind.Deposit:
                return Change(transaction, "UPDATE accounts SET balance = balance + $n WHERE id = $a;", operation.Account, operation.Amount) == 1
                    ? (WriteOutcome.Committed, 0)
                    : (new WriteOutcome(OperationOutcome.Rejected, "invalid_account"), 0);
            case Kind.Withdraw:
                return Debit(transaction, operation) ? (WriteOutcome.Committed, 0) : (new WriteOutcome(OperationOutcome.Rejected, "insufficient_funds"), 0);
            case Kind.Transfer:
                if (!Debit(transaction, operation))
                {
                    return (new WriteOutcome(OperationOutcome.Rejected, "insufficient_funds"), 0);
                }

                Change(transaction, "UPDATE accounts SET balance = balance + $n WHERE id = $a;", operation.To!, operation.Amount);
                return (WriteOutcome.Committed, 0);
            default:
                using (var command = _connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = "SELECT balance FROM accounts WHERE id = $a;";
                    command.Parameters.AddWithValue("$a", operation.Account);
                    return command.ExecuteScalar() is long balance
                        ? (WriteOutcome.Committed, balance)
                        : (new WriteOutcome(OperationOutcome.Rejected, "invalid_account"), 0);
                }
        }
    }

    private bool Debit(SqliteTransaction transaction, Pending operation) =>
        Change(transaction, "UPDATE accounts SET balance = balance - $n WHERE id = $a AND balance >= $n;", operation.Account, operation.Amount) == 1;

    private int Change(SqliteTransaction transaction, string sql, string account, long amount)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", account);
        command.Parameters.AddWithValue("$n", amount);
        return command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record Pending(Kind Kind, string Account, string? To, long Amount, TaskCompletionSource<(WriteOutcome Outcome, long Balance)> Answer);
}
