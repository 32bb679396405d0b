using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BankOrleans.Storage;

/// <summary>
/// A write statement compiled once on a <see cref="SqliteConnection"/>'s own handle and bound by
/// position, for the checkpoint's per-row statements. <see cref="SqliteCommand"/> looks each
/// parameter up by name, converts each value and counts time on every execution: about half of
/// what a checkpoint spent per row went there. Errors are raised as <see cref="SqliteException"/>
/// with SQLite's codes and message, exactly as the command would raise them.
/// Not thread-safe; the store serialises access.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _index;

    /// <param name="connection">An open connection; the statement must be disposed before it closes.</param>
    /// <param name="sql">One statement.</param>
    /// <param name="parameters">Its parameter names, in the order <see cref="Execute"/> takes their values.</param>
    public RawStatement(SqliteConnection connection, string sql, params string[] parameters)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        _index = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            _index[i] = raw.sqlite3_bind_parameter_index(_statement, parameters[i]);
            if (_index[i] == 0)
            {
                throw new ArgumentException($"{sql} has no parameter {parameters[i]}", nameof(parameters));
            }
        }
    }

    /// <summary>Binds <paramref name="values"/> (long, int, bool, string or null) in order, runs the statement, and returns the rows it changed.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        if (values.Length != _index.Length)
        {
            throw new ArgumentException($"expected {_index.Length} values, got {values.Length}", nameof(values));
        }

        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                var rc = values[i] switch
                {
                    null => raw.sqlite3_bind_null(_statement, _index[i]),
                    long number => raw.sqlite3_bind_int64(_statement, _index[i], number),
                    int number => raw.sqlite3_bind_int64(_statement, _index[i], number),
                    bool flag => raw.sqlite3_bind_int64(_statement, _index[i], flag ? 1 : 0),
                    string text => raw.sqlite3_bind_text16(_statement, _index[i], text.AsSpan()),
                    var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}", nameof(values)),
                };
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            var step = raw.sqlite3_step(_statement);
            if (step != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(step == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : step, _db);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Finalizes the statement.</summary>
    public void Dispose() => _statement.Dispose();
}
