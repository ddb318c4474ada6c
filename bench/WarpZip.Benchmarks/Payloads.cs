using System;
using System.Linq;
using System.Text;

namespace WarpZip.Benchmarks;

/// <summary>What a generated payload looks like.</summary>
public enum DataKind
{
    /// <summary>English-like text from a fixed vocabulary: compresses to roughly a third.</summary>
    Text,

    /// <summary>
    /// Structured binary records (counters, small enums, a random-walk measurement, fixed tags): what
    /// logs, telemetry and columnar files look like; compresses to roughly 0.4-0.5.
    /// </summary>
    Binary,

    /// <summary>Uniformly random bytes: incompressible, the worst case for time per byte.</summary>
    Incompressible,

    /// <summary>The files of the directory given with <c>--corpus DIR</c>, concatenated (repeated when shorter than the payload).</summary>
    Corpus,
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
        DataKind.Binary => Binary(length, Seed),
        DataKind.Incompressible => RandomBytes(length, Seed),
        DataKind.Corpus => FromCorpus(length),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Environment variable through which <c>--corpus DIR</c> reaches BenchmarkDotNet's child processes.</summary>
    public const string CorpusVariable = "WARPZIP_BENCH_CORPUS";

    /// <summary>The concatenated files of the corpus directory (ordinal name order), repeated to <paramref name="length"/>.</summary>
    public static byte[] FromCorpus(int length)
    {
        string directory = Environment.GetEnvironmentVariable(CorpusVariable)
            ?? throw new InvalidOperationException($"DataKind.Corpus needs --corpus DIR ({CorpusVariable} is not set).");
        byte[] data = new byte[length];
        int position = 0;
        while (position < length)
        {
            int before = position;
            foreach (string file in System.IO.Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                using var stream = System.IO.File.OpenRead(file);
                while (position < length)
                {
                    int read = stream.Read(data, position, length - position);
                    if (read == 0)
                    {
                        break;
                    }

                    position += read;
                }
            }

            if (position == before)
            {
                throw new InvalidOperationException($"The corpus directory {directory} holds no data.");
            }
        }

        return data;
    }

    /// <summary>
    /// 32-byte little-endian records: a sequence number, a timestamp advancing by small random steps,
    /// a sensor id and a status from small skewed sets, a 16-bit reading on a random walk, a float derived
    /// from it, and an 8-byte tag from a short list.
    /// </summary>
    public static byte[] Binary(int length, int seed)
    {
        var random = new Random(seed);
        byte[] data = new byte[length + 32];
        ulong[] tags = new ulong[16];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = (ulong)random.NextInt64();
        }

        long timestamp = 1_700_000_000_000;
        int reading = 20_000;
        var span = data.AsSpan();
        for (int offset = 0, sequence = 0; offset < length; offset += 32, sequence++)
        {
            timestamp += random.Next(1, 250);
            reading = Math.Clamp(reading + random.Next(-40, 41), 0, 65_535);
            double u = random.NextDouble();
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[offset..], sequence);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[(offset + 4)..], timestamp);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 12)..], (ushort)(u * u * 64));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 14)..], (ushort)(random.Next(100) < 95 ? 0 : random.Next(1, 8)));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 16)..], (ushort)reading);
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(span[(offset + 18)..], reading * 0.0125f);
            span[offset + 22] = (byte)random.Next(4);
            span[offset + 23] = 0;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span[(offset + 24)..], tags[(int)(u * u * u * tags.Length)]);
        }

        return data.AsSpan(0, length).ToArray();
    }

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
