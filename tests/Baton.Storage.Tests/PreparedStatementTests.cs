using Baton.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>The store's statement layer on SQLitePCLRaw: binding, reading, errors, reuse.</summary>
public sealed class PreparedStatementTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private StoreConnection _connection = null!; // set in InitializeAsync

    public ValueTask InitializeAsync()
    {
        _connection = StoreConnection.Open(Path.Combine(_dir.Path, "p.db"), create: true);
        _connection.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER, x REAL); CREATE INDEX ix_t_n ON t(n);");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _dir.Dispose();
    }

    private StoreScope Scope => new(_connection);

    [Fact]
    public void TextBuiltAtRunTime_RunsLikeALiteral_AndTheInstanceMapStaysBounded()
    {
        Scope.Exec("INSERT INTO t(name, n) VALUES ('a', 1)");
        var before = _connection.PreparedCount;
        for (var i = 0; i < 3000; i++)
        {
            // A new string instance with the same text every time, as string concatenation at run time gives.
            var sql = string.Concat("SELECT n FROM t WHERE name = ", "$name");
            Assert.Equal(1L, Scope.Scalar(sql, ("$name", "a")));
        }
        Assert.Equal(before + 1, _connection.PreparedCount);
        Assert.InRange(_connection.LiteralCount, 1, 1024);
    }

    [Fact]
    public void Values_RoundTrip_WithNullsAndUnicode()
    {
        Assert.Equal(1, Scope.Exec("INSERT INTO t(name, n, x) VALUES ($name, $n, $x)", ("$name", "tâche ✓ 日本"), ("$n", 42L), ("$x", 1.5)));
        Assert.Equal(1, Scope.Exec("INSERT INTO t(name, n, x) VALUES ($name, $n, $x)", ("$name", "empty"), ("$n", null), ("$x", null)));

        using var rows = Scope.Query("SELECT name, n, x FROM t ORDER BY id");
        Assert.True(rows.Read());
        Assert.Equal("tâche ✓ 日本", rows.GetString(0));
        Assert.Equal(42, rows.GetInt32(1));
        Assert.Equal(1.5, rows.GetDouble(2));
        Assert.True(rows.Read());
        Assert.True(rows.IsDBNull(1));
        Assert.Throws<InvalidOperationException>(() => rows.GetInt64(1));
        Assert.False(rows.Read());
    }

    [Theory]
    [InlineData(0)] // empty text, which must bind as text and not NULL
    [InlineData(1)]
    [InlineData(169)] // at most 510 bytes (UTF-8's bound for 169 characters): the stack buffer's last size
    [InlineData(170)] // at most 513 bytes: a pooled buffer
    [InlineData(20_000)]
    public void Text_IsBoundAsTheSameUtf8_SqliteStoresAndCompares(int threeByteChars)
    {
        var text = new string('✓', threeByteChars);
        Scope.Exec("CREATE TABLE u(s TEXT)");
        Scope.Exec("INSERT INTO u(s) VALUES ($s)", ("$s", text));
        // SQLite's own view of what was bound: its length in characters and bytes, and equality with a literal it
        // decoded itself from hex.
        using var rows = Scope.Query(
            "SELECT s IS NULL, length(s), length(CAST(s AS BLOB)), s = CAST(X'" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text)) + "' AS TEXT), s FROM u");
        Assert.True(rows.Read());
        Assert.Equal(0, rows.GetInt64(0));
        Assert.Equal(threeByteChars, rows.GetInt64(1));
        Assert.Equal(threeByteChars * 3, rows.GetInt64(2));
        Assert.Equal(1, rows.GetInt64(3));
        Assert.Equal(text, rows.GetString(4));
    }

    [Fact]
    public void ZeroAndEmpty_ReadAsValues_NullThrows_ForEveryType()
    {
        Scope.Exec("CREATE TABLE z(s TEXT, n INTEGER, x REAL)");
        Scope.Exec("INSERT INTO z(s, n, x) VALUES ('', 0, 0.0)");
        Scope.Exec("INSERT INTO z(s, n, x) VALUES (NULL, NULL, NULL)");

        using var rows = Scope.Query("SELECT s, n, x FROM z ORDER BY rowid");
        Assert.True(rows.Read());
        Assert.Equal("", rows.GetString(0));
        Assert.Equal(0, rows.GetInt64(1));
        Assert.Equal(0.0, rows.GetDouble(2));
        Assert.True(rows.Read());
        Assert.Contains("column 0 is NULL", Assert.Throws<InvalidOperationException>(() => rows.GetString(0)).Message);
        Assert.Contains("column 1 is NULL", Assert.Throws<InvalidOperationException>(() => rows.GetInt64(1)).Message);
        Assert.Contains("column 2 is NULL", Assert.Throws<InvalidOperationException>(() => rows.GetDouble(2)).Message);
    }

    [Fact]
    public void Scalar_NoRowIsNull_NullColumnIsDBNull_AndAReturningWriteMarksTheScopeChanged()
    {
        var scope = Scope;
        Assert.Null(scope.Scalar("SELECT n FROM t WHERE name = $name", ("$name", "missing")));
        Assert.False(scope.Changed);

        var id = scope.Scalar("INSERT INTO t(name) VALUES ($name) RETURNING id", ("$name", "a"));

        Assert.Equal(1L, id);
        Assert.True(scope.Changed);
        Assert.Equal(DBNull.Value, Scope.Scalar("SELECT n FROM t WHERE name = $name", ("$name", "a")));
    }

    [Fact]
    public void Arguments_InAnyOrder_BindByName()
    {
        Scope.Exec("INSERT INTO t(name, n) VALUES ($name, $n)", ("$n", 7), ("$name", "b"));
        Assert.Equal(7L, Scope.Scalar("SELECT n FROM t WHERE name = $name", ("$name", "b")));
    }

    [Fact]
    public void MissingArgument_IsRefusedNamingIt_AndChangesNothing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Scope.Exec("INSERT INTO t(name, n) VALUES ($name, $n)", ("$name", "c")));
        Assert.Contains("$n", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, Scope.Scalar("SELECT COUNT(*) FROM t"));
        // The statement is usable again afterwards.
        Assert.Equal(1, Scope.Exec("INSERT INTO t(name, n) VALUES ($name, $n)", ("$name", "c"), ("$n", 1)));
    }

    [Fact]
    public void ConstraintViolation_IsASqliteExceptionWithSqlitesMessage_AndTheStatementRunsAgain()
    {
        const string Insert = "INSERT INTO t(name) VALUES ($name)";
        Scope.Exec(Insert, ("$name", "dup"));

        var error = Assert.Throws<SqliteException>(() => Scope.Exec(Insert, ("$name", "dup")));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE constraint failed: t.name", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Scope.Exec(Insert, ("$name", "other")));
    }

    [Fact]
    public void BadSql_IsASqliteExceptionNamingTheProblem()
    {
        var error = Assert.Throws<SqliteException>(() => Scope.Exec("SELEKT 1"));
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedValueType_IsRefusedNamingTheParameter()
    {
        var error = Assert.Throws<NotSupportedException>(() => Scope.Exec("INSERT INTO t(name) VALUES ($name)", ("$name", new Uri("https://example.com"))));
        Assert.Contains("$name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameStatement_ReadWhileItsRowsAreOpen_GetsAOneOffCopy()
    {
        Scope.Exec("INSERT INTO t(name, n) VALUES ('a', 1), ('b', 2)");
        const string ByN = "SELECT name FROM t WHERE n >= $n ORDER BY n";
        var names = new List<string>();
        using (var outer = Scope.Query(ByN, ("$n", 1)))
        {
            while (outer.Read())
            {
                using var inner = Scope.Query(ByN, ("$n", 2));
                Assert.True(inner.Read());
                names.Add(outer.GetString(0) + inner.GetString(0));
            }
        }
        Assert.Equal(["ab", "bb"], names);
    }

    [Fact]
    public void Open_OfAFileSqliteCannotOpen_ThrowsNamingThePath()
    {
        var missing = Path.Combine(_dir.Path, "no-such-folder", "x.db");

        var error = Assert.Throws<SqliteException>(() => StoreConnection.Open(missing, create: false));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
