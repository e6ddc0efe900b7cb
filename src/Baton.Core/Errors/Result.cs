using System.Diagnostics.CodeAnalysis;

namespace Baton.Core.Errors;

/// <summary>Either a value or a <see cref="BatonError"/>: expected failures are values, not exceptions.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, BatonError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, when this is a failure.</summary>
    public BatonError? Error { get; }

    /// <summary>True when this holds a value.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    /// <summary>The value; throws when this is a failure (a bug in the caller).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"no value: {Error.Code.ToWire()}: {Error.Message}");

    /// <summary>A success.</summary>
    public static Result<T> Ok(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static Result<T> Fail(BatonError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>A failure from a code and message.</summary>
    public static Result<T> Fail(ErrorCode code, string message, IReadOnlyList<string>? details = null)
        => Fail(BatonError.Of(code, message, details));

    /// <summary>Converts a value into a success.</summary>
    public static implicit operator Result<T>(T value) => Ok(value);

    /// <summary>Converts an error into a failure.</summary>
    public static implicit operator Result<T>(BatonError error) => Fail(error);

    /// <summary>Maps the value, keeping a failure as it is.</summary>
    public Result<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsOk ? Result<TOut>.Ok(map(Value)) : Result<TOut>.Fail(Error);
    }
}
