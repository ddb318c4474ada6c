using System;
using System.Text;

namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>Deterministic inputs: compressible text (words in pseudo-random order) and incompressible bytes.</summary>
public static class TestData
{
    private static readonly string[] s_words =
    [
        "warp", "zip", "deflate", "member", "chunk", "queue", "kunpeng", "stream", "window", "huffman",
        "literal", "distance", "block", "crc", "adler", "header", "trailer", "the", "of", "and", "to", "in",
        "parallel", "worker", "buffer", "index", "gzip", "zlib", "pigz", "python", "1", "42", "1024", "\n",
    ];

    public static byte[] Text(int size, int seed = 1)
    {
        var builder = new StringBuilder(size + 16);
        ulong state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;
        while (builder.Length < size)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            builder.Append(s_words[(int)(state % (ulong)s_words.Length)]).Append(' ');
        }

        return Encoding.ASCII.GetBytes(builder.ToString(0, size));
    }

    public static byte[] Random(int size, int seed = 1)
    {
        byte[] data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
