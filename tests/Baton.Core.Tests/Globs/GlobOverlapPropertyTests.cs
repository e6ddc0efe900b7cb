using System.Text;
using System.Text.RegularExpressions;
using Baton.Core.Globs;

namespace Baton.Core.Tests.Globs;

/// <summary>
/// Random small globs over a two-letter alphabet against every path of up to three segments of up to two
/// letters: the matcher must agree with a simple backtracking reference, and CanOverlap must never say "no"
/// when some path matches both globs.
/// </summary>
public sealed class GlobOverlapPropertyTests
{
    private static readonly string[] Tokens = ["a", "b", "*", "?", "[ab]", "[!a]", "[a-b]"];
    private static readonly List<string> Paths = AllPaths();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void CanOverlap_WhenAGeneratedPathMatchesBoth_IsTrue(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 250; round++)
        {
            var a = RandomGlob(random);
            var b = RandomGlob(random);
            var witness = Paths.FirstOrDefault(p => Reference(a, p) && Reference(b, p));
            if (witness is not null)
            {
                Assert.True(GlobOverlap.CanOverlap(a, b), $"'{a}' and '{b}' both match '{witness}'");
                Assert.True(GlobOverlap.CanOverlap(b, a), $"'{b}' and '{a}' both match '{witness}'");
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void IsMatch_RandomGlobs_AgreesWithReference(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 150; round++)
        {
            var glob = RandomGlob(random);
            foreach (var path in Paths)
            {
                Assert.True(Reference(glob, path) == GlobMatcher.IsMatch(glob, path), $"'{glob}' against '{path}'");
            }
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void CanOverlap_GlobAgainstLiteralPath_AgreesWithIsMatch(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 150; round++)
        {
            var glob = RandomGlob(random);
            foreach (var path in Paths)
            {
                Assert.True(GlobMatcher.IsMatch(glob, path) == GlobOverlap.CanOverlap(glob, path), $"'{glob}' against '{path}'");
            }
        }
    }

    private static string RandomGlob(Random random)
    {
        var segments = new List<string>();
        var count = random.Next(1, 4);
        for (var s = 0; s < count; s++)
        {
            if (random.Next(5) == 0)
            {
                segments.Add("**");
                continue;
            }
            var segment = new StringBuilder();
            var tokens = random.Next(1, 4);
            for (var t = 0; t < tokens; t++)
            {
                segment.Append(Tokens[random.Next(Tokens.Length)]);
            }
            segments.Add(segment.ToString() == "**" ? "*" : segment.ToString());
        }
        return string.Join('/', segments);
    }

    private static List<string> AllPaths()
    {
        string[] names = ["a", "b", "aa", "ab", "ba", "bb"];
        var paths = new List<string>();
        foreach (var x in names)
        {
            paths.Add(x);
            foreach (var y in names)
            {
                paths.Add($"{x}/{y}");
                paths.AddRange(names.Select(z => $"{x}/{y}/{z}"));
            }
        }
        return paths;
    }

    // Backtracking over segments, with each segment pattern turned into a regular expression.
    private static bool Reference(string glob, string path) => MatchSegments(glob.Split('/'), 0, path.Split('/'), 0);

    private static bool MatchSegments(string[] glob, int g, string[] path, int p)
    {
        if (g == glob.Length)
        {
            return p == path.Length;
        }
        if (glob[g] == "**")
        {
            return MatchSegments(glob, g + 1, path, p) || (p < path.Length && MatchSegments(glob, g, path, p + 1));
        }
        return p < path.Length && SegmentRegex(glob[g]).IsMatch(path[p]) && MatchSegments(glob, g + 1, path, p + 1);
    }

    private static Regex SegmentRegex(string segment)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '*')
            {
                pattern.Append(".*");
            }
            else if (c == '?')
            {
                pattern.Append('.');
            }
            else if (c == '[')
            {
                var close = segment.IndexOf(']', i + 1);
                var body = segment[(i + 1)..close];
                pattern.Append('[').Append(body.StartsWith('!') ? "^" + body[1..] : body).Append(']');
                i = close;
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
