using System;
using System.IO.Hashing;
using WarpZip.Formats;

namespace WarpZip.Tests.Formats;

/// <summary>Combining per-chunk checksums must equal checksumming the whole, for every split.</summary>
public class ChecksumCombineTests
{
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(5552)]
    [InlineData(5553)]
    [InlineData(65536)]
    [InlineData(100_003)]
    public void Crc32_of_parts_combines_to_crc32_of_whole(int split)
    {
        byte[] data = Bytes(200_000, split);
        uint whole = Crc32.HashToUInt32(data);
        uint left = Crc32.HashToUInt32(data.AsSpan(0, split));
        uint right = Crc32.HashToUInt32(data.AsSpan(split));
        Assert.Equal(whole, Crc32Combine.Combine(left, right, data.Length - split));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5552)]
    [InlineData(5553)]
    [InlineData(65521)]
    [InlineData(199_999)]
    public void Adler32_of_parts_combines_to_adler32_of_whole(int split)
    {
        byte[] data = Bytes(200_000, split + 1);
        uint whole = System.IO.Hashing.Adler32.HashToUInt32(data);
        uint left = System.IO.Hashing.Adler32.HashToUInt32(data.AsSpan(0, split));
        uint right = System.IO.Hashing.Adler32.HashToUInt32(data.AsSpan(split));
        Assert.Equal(whole, Adler32Combine.Combine(left, right, data.Length - split));
    }

    [Fact]
    public void Adler32_matches_the_rfc1950_reference_value()
    {
        // "Wikipedia" is the classic worked example: 0x11E60398.
        Assert.Equal(0x11E60398u, System.IO.Hashing.Adler32.HashToUInt32("Wikipedia"u8));
    }

    [Fact]
    public void Adler32_survives_long_runs_of_0xFF_without_overflow()
    {
        byte[] data = new byte[1_000_000];
        Array.Fill(data, (byte)0xFF);
        uint expected = ReferenceAdler32(data);
        Assert.Equal(expected, System.IO.Hashing.Adler32.HashToUInt32(data));
    }

    [Fact]
    public void Many_chunks_combine_in_order()
    {
        byte[] data = Bytes(1_000_000, 42);
        uint crc = 0;
        uint adler = Adler32Combine.Initial;
        int offset = 0;
        var random = new Random(3);
        while (offset < data.Length)
        {
            int length = Math.Min(random.Next(1, 70_000), data.Length - offset);
            ReadOnlySpan<byte> chunk = data.AsSpan(offset, length);
            crc = Crc32Combine.Combine(crc, Crc32.HashToUInt32(chunk), length);
            adler = Adler32Combine.Combine(adler, System.IO.Hashing.Adler32.HashToUInt32(chunk), length);
            offset += length;
        }

        Assert.Equal(Crc32.HashToUInt32(data), crc);
        Assert.Equal(ReferenceAdler32(data), adler);
    }

    private static uint ReferenceAdler32(ReadOnlySpan<byte> data)
    {
        ulong a = 1, b = 0;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (uint)((b << 16) | a);
    }
}
