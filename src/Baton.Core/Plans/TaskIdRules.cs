using System.Security.Cryptography;

namespace Baton.Core.Plans;

/// <summary>What a task id may look like, and how one is made when a plan gives none.</summary>
internal static class TaskIdRules
{
    public const int MaxLength = 64;

    public const string Description = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters";

    /// <summary>True when <paramref name="id"/> matches <c>^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$</c>.</summary>
    public static bool IsValid(string id)
    {
        if (id.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A short random id such as <c>t-3f9a1c2e</c>.</summary>
    public static string NewId() => "t-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
}
