using System.Text.Json.Serialization;

namespace Baton.Core.Checks;

/// <summary>The kinds of machine check an acceptance item may ask for (the <c>"check"</c> field).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckKind>))]
public enum CheckKind
{
    /// <summary>A file or directory exists.</summary>
    [JsonStringEnumMemberName("file_exists")] FileExists,
    /// <summary>A file has content other than white space (a directory has an entry).</summary>
    [JsonStringEnumMemberName("not_empty")] NotEmpty,
    /// <summary>A file is valid JSON, optionally matching a JSON Schema.</summary>
    [JsonStringEnumMemberName("json_valid")] JsonValid,
    /// <summary>A file's text matches a regular expression.</summary>
    [JsonStringEnumMemberName("contains")] Contains,
    /// <summary>A command exits 0 within its time limit.</summary>
    [JsonStringEnumMemberName("command")] Command,
    /// <summary>The report's changed files all match the task's <c>files</c> globs.</summary>
    [JsonStringEnumMemberName("files_within")] FilesWithin,
}
