using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// The checkpoint's statements bind by position on the connection's own handle: they must store
/// each value as the command would, and fail with the same <see cref="SqliteException"/>.
/// </summary>
public sealed class RawStatementTests
{
    [Fact]
    public void Values_are_stored_as_bound_whatever_order_the_sql_names_them()
    {
        using var file = new TempReplicaFile();
        using var connection = file.Connect();
        Execute(connection, "CREATE TABLE t (a TEXT NOT NULL, b INTEGER NOT NULL, c TEXT NULL) STRICT;");
        using (var insert = new RawStatement(connection, "INSERT INTO t (c, b, a) VALUES ($c, $b, $a);", "$a", "$b", "$c"))
        {
            Assert.Equal(1, insert.Execute("résumé €", 42L, null));
            Assert.Equal(1, insert.Execute("second", 7, "x"));
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT a, b, c FROM t ORDER BY b;";
        using var rows = read.ExecuteReader();
        Assert.True(rows.Read());
        Assert.Equal(("second", 7L, "x"), (rows.GetString(0), rows.GetInt64(1), rows.GetString(2)));
        Assert.True(rows.Read());
        Assert.Equal(("résumé €", 42L, true), (rows.GetString(0), rows.GetInt64(1), rows.IsDBNull(2)));
    }

    [Fact]
    public void A_broken_constraint_fails_as_the_command_would_and_the_statement_runs_again()
    {
        using var file = new TempReplicaFile();
        using var connection = file.Connect();
        Execute(connection, "CREATE TABLE t (a TEXT NOT NULL PRIMARY KEY) STRICT;");
        using var insert = new RawStatement(connection, "INSERT INTO t (a) VALUES ($a);", "$a");
        insert.Execute("k");

        var error = Assert.Throws<SqliteException>(() => insert.Execute("k"));
        var expected = Assert.Throws<SqliteException>(() => Execute(connection, "INSERT INTO t (a) VALUES ('k');"));
        Assert.Equal((expected.SqliteErrorCode, expected.SqliteExtendedErrorCode, expected.Message), (error.SqliteErrorCode, error.SqliteExtendedErrorCode, error.Message));
        Assert.Equal(1, insert.Execute("l"));
    }

    [Fact]
    public void Wrong_parameters_are_refused_before_anything_runs()
    {
        using var file = new TempReplicaFile();
        using var connection = file.Connect();
        Execute(connection, "CREATE TABLE t (a TEXT NOT NULL) STRICT;");
        Assert.Throws<ArgumentException>(() => new RawStatement(connection, "INSERT INTO t (a) VALUES ($a);", "$b"));
        using var insert = new RawStatement(connection, "INSERT INTO t (a) VALUES ($a);", "$a");
        Assert.Throws<ArgumentException>(() => insert.Execute("x", "y"));
        Assert.Throws<ArgumentException>(() => insert.Execute(1.5));
        Assert.Equal(0L, (long)Scalar(connection, "SELECT count(*) FROM t;")!);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
