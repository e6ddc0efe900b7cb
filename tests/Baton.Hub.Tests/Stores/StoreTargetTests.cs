using Baton.Core.Errors;
using Baton.Hub.Stores;

namespace Baton.Hub.Tests.Stores;

/// <summary>What a <c>--store</c> value names: a file, a PostgreSQL URL or connection string; bad values are refused
/// naming where they came from, and a password is never repeated.</summary>
public sealed class StoreTargetTests
{
    private static readonly string Base = Path.Combine(Path.GetTempPath(), "baton-store-target");

    [Fact]
    public void Parse_PostgresUrlWithPassword_IsADatabaseShownWithoutThePassword()
    {
        var parsed = StoreTarget.Parse("postgres://baton:s3cret@db.example.com:6543/work", Base, "--store");

        Assert.True(parsed.IsOk, parsed.Error?.Message);
        Assert.True(parsed.Value.IsPostgres);
        Assert.Null(parsed.Value.FilePath);
        Assert.Equal("postgres://baton@db.example.com:6543/work", parsed.Value.Display);
        Assert.DoesNotContain("s3cret", parsed.Value.ToString(), StringComparison.Ordinal);
        Assert.Contains("s3cret", parsed.Value.Postgres!.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConnectionString_IsADatabase()
    {
        var parsed = StoreTarget.Parse("Host=127.0.0.1;Port=5433;Database=baton;Username=me;Password=pw", Base, "BATON_STORE");

        Assert.True(parsed.IsOk, parsed.Error?.Message);
        Assert.True(parsed.Value.IsPostgres);
        Assert.Equal("postgres://me@127.0.0.1:5433/baton", parsed.Value.Display);
    }

    [Fact]
    public void Parse_RelativePath_IsAFileUnderTheBaseDirectory()
    {
        var parsed = StoreTarget.Parse("elsewhere/work.db", Base, "--store");

        Assert.True(parsed.IsOk, parsed.Error?.Message);
        Assert.False(parsed.Value.IsPostgres);
        Assert.Equal(Path.Combine(Base, "elsewhere", "work.db"), parsed.Value.FilePath);
        Assert.Equal(parsed.Value.FilePath, parsed.Value.Display);
    }

    [Theory]
    [InlineData("mysql://root:hunter2@db/work", "'mysql://…' is neither a PostgreSQL URL")]
    [InlineData("postgres://root:hunter2@db.example.com", "names no database")]
    [InlineData("postgres://root:hunter2@db.example.com/work?nonsense=1", "parameter 'nonsense'")]
    [InlineData("Host=db;Database=work;Password=hunter2;Bogus Key=1", "is not a connection string")]
    [InlineData("   ", "is empty")]
    public void Parse_BadValue_IsBadRequestNamingTheSourceWithoutThePassword(string value, string expected)
    {
        var parsed = StoreTarget.Parse(value, Base, "BATON_STORE");

        Assert.False(parsed.IsOk);
        Assert.Equal(ErrorCode.BadRequest, parsed.Error!.Code);
        Assert.StartsWith("BATON_STORE", parsed.Error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, parsed.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", parsed.Error.Message, StringComparison.Ordinal);
    }
}
