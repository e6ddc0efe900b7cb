using Microsoft.ML.Tokenizers;

namespace Baton.Context;

/// <summary>Counts tokens as GPT-4o and later models do (o200k_base), the same count for every tool and peer.</summary>
internal static class Tokens
{
    private static readonly TiktokenTokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public static int Count(string text) => O200k.CountTokens(text);
}
