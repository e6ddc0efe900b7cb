using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Protocol;

/// <summary>
/// Every hand-written reader (<see cref="RecordReaders"/>) reads every property of its record: a record is filled by
/// reflection (every settable property, nested records too, none at its default), written by the generated writer,
/// read back by the reader and written again; the two texts must be equal. A property added to a record and not to
/// its reader comes back missing or at its default, and fails here (a hand-written sample would not know of it).
/// </summary>
public sealed class RecordReadersCoverageTests
{
    public static TheoryData<string> Readers() => [.. RecordReaders.All.Select(c => RecordOf(c).Name)];

    private static Type RecordOf(JsonConverter converter)
    {
        for (var type = converter.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(JsonConverter<>))
            {
                return type.GetGenericArguments()[0];
            }
        }
        throw new InvalidOperationException($"{converter.GetType().Name} is not a JsonConverter<T>");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Reader_RecordWithEveryPropertySet_ReadsEveryProperty(string record)
    {
        var converter = RecordReaders.All.Single(c => RecordOf(c).Name == record);
        var type = RecordOf(converter);
        var sample = Sample(type, record);

        var written = Write(sample, type);
        var read = typeof(RecordReadersCoverageTests).GetMethod(nameof(ReadWith), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [converter, written])!;

        Assert.Equal(written, Write(read, type));
    }

    [Fact]
    public void Sample_SetsEveryPropertyToSomethingOtherThanItsDefault()
    {
        // The check above is only as good as its samples: one left at a default would pass a reader that drops it.
        foreach (var type in RecordReaders.All.Select(RecordOf))
        {
            var sample = Sample(type, type.Name);
            var defaults = RuntimeHelpers.GetUninitializedObject(type);
            foreach (var property in Settable(type))
            {
                var value = property.GetValue(sample);
                Assert.NotNull(value);
                Assert.NotEqual(JsonSerializer.Serialize(property.GetValue(defaults), property.PropertyType, AnyType), JsonSerializer.Serialize(value, property.PropertyType, AnyType));
            }
        }
    }

    private static T ReadWith<T>(JsonConverter<T> converter, string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        return converter.Read(ref reader, typeof(T), BatonJsonContext.Default.Options)!;
    }

    // The generated metadata where the context has it, reflection for the rest (a property's own type may have none).
    private static readonly JsonSerializerOptions AnyType = new(BatonJsonContext.Default.Options)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(BatonJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    private static string Write(object? value, Type type)
        => JsonSerializer.Serialize(value, BatonJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"no JSON metadata for {type.Name}"));

    private static IEnumerable<PropertyInfo> Settable(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0);

    private static readonly DateTimeOffset Instant = new(2026, 11, 28, 9, 20, 51, 231, TimeSpan.FromHours(1));

    // A value for every property, none the type's or the record's default. A property of a type this does not know
    // fails the test until it learns one: better than a sample that silently leaves it out.
    private static object Sample(Type type, string path)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Sample(inner, path);
        }
        if (type == typeof(string))
        {
            return "s-" + path;
        }
        if (type == typeof(int))
        {
            return 7;
        }
        if (type == typeof(long))
        {
            return 70_000L;
        }
        if (type == typeof(bool))
        {
            return true;
        }
        if (type == typeof(DateTimeOffset))
        {
            return Instant;
        }
        if (type.IsEnum)
        {
            return Enum.GetValues(type).Cast<object>().Last();
        }
        if (type == typeof(TaskId) || type == typeof(WorkerId) || type == typeof(LeaseId))
        {
            return Activator.CreateInstance(type, "id-" + path)!;
        }
        if (type == typeof(AcceptanceItem))
        {
            using var check = JsonDocument.Parse("""{"check":"file_exists","path":"a.txt"}""");
            return new AcceptanceItem { Check = check.RootElement.Clone() };
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Sample(element, path + "[0]"));
            list.Add(Sample(element, path + "[1]"));
            return list;
        }
        if (type.IsClass && type.Namespace?.StartsWith("Baton.Core", StringComparison.Ordinal) == true)
        {
            var record = RuntimeHelpers.GetUninitializedObject(type);
            foreach (var property in Settable(type))
            {
                property.SetValue(record, Sample(property.PropertyType, path + "." + property.Name));
            }
            return record;
        }
        throw new InvalidOperationException($"no sample value for {type} at {path}: teach RecordReadersCoverageTests.Sample one");
    }
}
