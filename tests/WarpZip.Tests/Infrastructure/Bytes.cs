using System;
using System.IO;

namespace WarpZip.Tests.Infrastructure;

/// <summary>Small helpers shared by the tests.</summary>
public static class Bytes
{
    /// <summary>Reads <paramref name="stream"/> to its end with plain Read calls and disposes it.</summary>
    public static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }

    /// <summary>Asserts equality with a short message instead of xunit's full array dump.</summary>
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string? what = null)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        int common = expected.CommonPrefixLength(actual);
        Assert.Fail($"{what ?? "bytes"} differ: expected {expected.Length} bytes, got {actual.Length}; first difference at offset {common}.");
    }

    /// <summary>Asserts that <paramref name="prefix"/> is a prefix of <paramref name="whole"/>.</summary>
    public static void IsPrefix(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> prefix, string? what = null)
    {
        Assert.True(prefix.Length <= whole.Length && whole[..prefix.Length].SequenceEqual(prefix),
            $"{what ?? "output"}: {prefix.Length} bytes that are not a prefix of the {whole.Length}-byte original " +
            $"(common prefix {whole.CommonPrefixLength(prefix)}).");
    }

    /// <summary>Concatenates arrays.</summary>
    public static byte[] Concat(params byte[][] parts)
    {
        int length = 0;
        foreach (byte[] part in parts)
        {
            length += part.Length;
        }

        var result = new byte[length];
        int offset = 0;
        foreach (byte[] part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }
}
