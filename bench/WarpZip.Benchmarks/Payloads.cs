using System;
using System.Text;

namespace WarpZip.Benchmarks;

/// <summary>What a generated payload looks like.</summary>
public enum DataKind
{
    /// <summary>English-like text from a fixed vocabulary: compresses to roughly a third.</summary>
    Text,

    /// <summary>Uniformly random bytes: incompressible, the worst case for time per byte.</summary>
    Random,
}

/// <summary>
/// Deterministic payloads: the same seed gives the same bytes on every machine and run, so results
/// from different runs compress the same data.
/// </summary>
internal static class Payloads
{
    private const int Seed = 20240611;

    public static byte[] Create(DataKind kind, int length) => kind switch
    {
        DataKind.Text => Text(length, Seed),
        DataKind.Random => RandomBytes(length, Seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>
    /// Sentences of made-up words drawn with a skewed (Zipf-like) frequency, so the data has the
    /// repeated strings and uneven symbol statistics of real text rather than a short period.
    /// </summary>
    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        string[] vocabulary = BuildVocabulary(random, 4096);
        byte[] data = new byte[length];
        int position = 0;
        int lineLength = 0;
        bool sentenceStart = true;
        Span<byte> word = stackalloc byte[64];
        while (position < length)
        {
            // Cubing a uniform draw makes low indices (short, common words) far more frequent.
            double u = random.NextDouble();
            string chosen = vocabulary[(int)(vocabulary.Length * u * u * u)];
            int wordLength = Encoding.ASCII.GetBytes(chosen, word);
            if (sentenceStart)
            {
                word[0] = (byte)char.ToUpperInvariant((char)word[0]);
                sentenceStart = false;
            }

            int roll = random.Next(100);
            if (roll < 8)
            {
                word[wordLength++] = (byte)'.';
                sentenceStart = true;
            }
            else if (roll < 14)
            {
                word[wordLength++] = (byte)',';
            }

            bool newLine = lineLength + wordLength > 72;
            word[wordLength++] = newLine ? (byte)'\n' : (byte)' ';
            lineLength = newLine ? 0 : lineLength + wordLength;

            int take = Math.Min(wordLength, length - position);
            word[..take].CopyTo(data.AsSpan(position));
            position += take;
        }

        return data;
    }

    private static string[] BuildVocabulary(Random random, int count)
    {
        string[] syllables =
        [
            "an", "ber", "co", "de", "el", "fa", "gi", "ho", "in", "ja", "ke", "lo", "mi", "na", "or", "pe",
            "qua", "re", "st", "th", "un", "ve", "wa", "xi", "yo", "ze", "ing", "tion", "er", "al", "ly", "ous",
        ];
        string[] vocabulary = new string[count];
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.Clear();
            // Common words short, rare words long, as in natural language.
            int parts = 1 + (i * 4 / count) + random.Next(2);
            for (int p = 0; p < parts; p++)
            {
                builder.Append(syllables[random.Next(syllables.Length)]);
            }

            vocabulary[i] = builder.ToString();
        }

        return vocabulary;
    }
}
