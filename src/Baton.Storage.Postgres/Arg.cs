using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>Statement parameters, bound by position (<c>$1</c>, <c>$2</c>, …: Npgsql sends such SQL as it is, without
/// rewriting named parameters). Each is typed by its CLR type, null values too (a <c>string</c> null is a text NULL), so
/// a statement's parameter types never change between runs and its auto-prepared form is reused. Every integer column
/// is a BIGINT (as SQLite's INTEGER), so integers are bound as <c>long</c>.</summary>
internal static class Arg
{
    public static NpgsqlParameter Text(string? value) => new NpgsqlParameter<string> { TypedValue = value! };

    public static NpgsqlParameter Long(long value) => new NpgsqlParameter<long> { TypedValue = value };

    public static NpgsqlParameter Long(long? value) => new NpgsqlParameter<long?> { TypedValue = value };

    public static NpgsqlParameter Texts(string[] values) => new NpgsqlParameter<string[]> { TypedValue = values };
}
