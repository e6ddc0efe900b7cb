using System.Globalization;
using System.Text.Json;
using Baton.Core.Plans;

namespace Baton.Core.Checks;

/// <summary>
/// The <c>env</c> field of a <c>command</c> check: <c>["GOPATH", "CI=1"]</c>. A bare name passes Baton's own value on
/// (when it has one); <c>NAME=value</c> sets it. Baton's own variables (<c>BATON_*</c>) are refused: they carry the
/// hub's secrets, and a command gets none of them but the two Baton sets for it.
/// </summary>
public static class CommandVariables
{
    /// <summary>The prefix of Baton's own variables, which a plan may never pass or set.</summary>
    public const string ReservedPrefix = "BATON_";

    /// <summary>True when <paramref name="name"/> is a portable variable name: <c>[A-Za-z_][A-Za-z0-9_]*</c>.</summary>
    public static bool IsValidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True for Baton's own variables; case-insensitive, since Windows does not tell <c>baton_token</c> apart.</summary>
    public static bool IsReserved(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase);
    }

    internal static CommandCheck Read(CheckReader reader, JsonElement value, string path, CommandCheck check)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            reader.Add(path, $"must be an array of variable names (\"NAME\" passes Baton's value on) or settings (\"NAME=value\"), got {PlanProblems.Describe(value)}");
            return check;
        }
        var passed = new List<string>();
        var set = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]");
            if (reader.Text(item, itemPath) is not { } text)
            {
                continue;
            }
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? text : text[..equals];
            if (!IsValidName(name))
            {
                reader.Add(itemPath, $"'{name}' is not a variable name (letters, digits and _, not starting with a digit)");
            }
            else if (IsReserved(name))
            {
                reader.Add(itemPath, $"'{name}': Baton's own variables ({ReservedPrefix}*) are never passed to a command");
            }
            else if (!seen.Add(name))
            {
                reader.Add(itemPath, $"'{name}' is named twice");
            }
            else if (equals < 0)
            {
                passed.Add(name);
            }
            else
            {
                set.Add(new KeyValuePair<string, string>(name, text[(equals + 1)..]));
            }
        }
        return check with { PassedVariables = passed, SetVariables = set };
    }
}
