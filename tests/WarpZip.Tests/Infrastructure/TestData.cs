using System;
using System.Buffers.Binary;
using System.Text;

namespace WarpZip.Tests.Infrastructure;

/// <summary>The shapes of payload the suite compresses.</summary>
public enum DataKind
{
    /// <summary>Pseudo-English words from a fixed vocabulary: compresses well, like logs or prose.</summary>
    Text,

    /// <summary>Structured little-endian records with slowly changing fields: like a binary table.</summary>
    Binary,

    /// <summary>Seeded pseudo-random bytes: incompressible, exercises stored blocks.</summary>
    Random,

    /// <summary>All zero bytes: maximal matches.</summary>
    Zeros,
}

/// <summary>
/// Deterministic payloads. The same (kind, size, seed) always yields the same bytes on every machine:
/// the generator is a local xorshift, never <see cref="System.Random"/>'s unspecified algorithm.
/// </summary>
public static class TestData
{
    /// <summary>The chunk size the suite compresses with, so that multi-chunk cases stay small.</summary>
    public const int Chunk = WarpZipOptions.MinChunkSize;

    private static readonly string[] Vocabulary =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on",
        "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they",
        "you", "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more",
        "when", "will", "would", "who", "so", "no", "stream", "chunk", "window", "deflate", "parallel",
        "compression", "buffer", "header", "trailer", "member", "checksum", "literal", "distance", "match",
        "huffman", "block", "symbol", "length", "engine", "worker", "thread", "queue", "flush", "offset",
        "river", "mountain", "quietly", "yellow", "seventeen", "architecture", "because", "through",
    ];

    /// <summary>Sizes that straddle the interesting boundaries of <see cref="Chunk"/>.</summary>
    public static readonly int[] BoundarySizes =
    [
        0, 1, 2, 100, 32 * 1024, Chunk - 1, Chunk, Chunk + 1, 2 * Chunk, 3 * Chunk - 1, 3 * Chunk + 1, 5 * Chunk + 12345,
    ];

    /// <summary>Creates <paramref name="size"/> bytes of <paramref name="kind"/>.</summary>
    public static byte[] Create(DataKind kind, int size, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var bytes = new byte[size];
        var rng = new XorShift(seed * 7919 + (int)kind);
        switch (kind)
        {
            case DataKind.Text:
                FillText(bytes, rng);
                break;
            case DataKind.Binary:
                FillBinary(bytes, rng);
                break;
            case DataKind.Random:
                rng.NextBytes(bytes);
                break;
            case DataKind.Zeros:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return bytes;
    }

    private static void FillText(byte[] bytes, XorShift rng)
    {
        var builder = new StringBuilder(bytes.Length + 32);
        int sentence = 0;
        while (builder.Length < bytes.Length)
        {
            string word = Vocabulary[rng.Next(Vocabulary.Length)];
            if (sentence == 0)
            {
                builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
            else
            {
                builder.Append(word);
            }

            sentence++;
            if (sentence > 4 && rng.Next(8) == 0)
            {
                builder.Append(rng.Next(5) == 0 ? ".\n" : ". ");
                sentence = 0;
            }
            else
            {
                builder.Append(rng.Next(12) == 0 ? ", " : " ");
            }
        }

        Encoding.ASCII.GetBytes(builder.ToString(0, bytes.Length), bytes);
    }

    private static void FillBinary(byte[] bytes, XorShift rng)
    {
        // 32-byte records: id, timestamp, a small enum, a measurement that drifts, a few flags and padding.
        Span<byte> record = stackalloc byte[32];
        long timestamp = 1_700_000_000_000;
        int measurement = 5000;
        for (int offset = 0, id = 0; offset < bytes.Length; offset += record.Length, id++)
        {
            record.Clear();
            timestamp += rng.Next(1000);
            measurement += rng.Next(21) - 10;
            BinaryPrimitives.WriteInt32LittleEndian(record, id);
            BinaryPrimitives.WriteInt64LittleEndian(record[4..], timestamp);
            record[12] = (byte)rng.Next(4);
            BinaryPrimitives.WriteInt32LittleEndian(record[13..], measurement);
            BinaryPrimitives.WriteUInt16LittleEndian(record[17..], (ushort)(rng.Next(16) == 0 ? rng.Next(65536) : 0));
            record[^1] = 0x0A;
            int take = Math.Min(record.Length, bytes.Length - offset);
            record[..take].CopyTo(bytes.AsSpan(offset));
        }
    }

    /// <summary>A tiny deterministic PRNG (xorshift32).</summary>
    public sealed class XorShift
    {
        private uint _state;

        /// <summary>Seeds the generator; any seed works (0 is remapped).</summary>
        public XorShift(int seed) => _state = seed == 0 ? 0x9E3779B9u : unchecked((uint)seed * 2654435761u) | 1u;

        /// <summary>The next 32 random bits.</summary>
        public uint NextUInt()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }

        /// <summary>A value in [0, <paramref name="maxExclusive"/>).</summary>
        public int Next(int maxExclusive) => (int)(NextUInt() % (uint)maxExclusive);

        /// <summary>A value in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
        public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

        /// <summary>Fills <paramref name="bytes"/> with random bytes.</summary>
        public void NextBytes(Span<byte> bytes)
        {
            int i = 0;
            for (; i + 4 <= bytes.Length; i += 4)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes[i..], NextUInt());
            }

            for (; i < bytes.Length; i++)
            {
                bytes[i] = (byte)NextUInt();
            }
        }
    }
}
