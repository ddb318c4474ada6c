using System;
using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Formats;

/// <summary>What only zlib and raw deflate have to say.</summary>
public sealed class ZLibAndDeflateFormatTests
{
    private static readonly WarpZipOptions IndexedFraming = new() { Framing = WarpZipFraming.IndexedMembers, ChunkSize = TestData.Chunk };

    [Fact]
    public void ZLib_PresetDictionaryFlag_ThrowsInvalidData()
    {
        // CMF 0x78, FLG 0xBB: FDICT set, FCHECK valid ((0x78 << 8 | 0xBB) % 31 == 0), then a DICTID.
        byte[] input = [0x78, 0xBB, 0x01, 0x02, 0x03, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
        Assert.Equal(0, ((0x78 << 8) | 0xBB) % 31);
        foreach (bool strict in new[] { false, true })
        {
            foreach (int dop in new[] { 1, 4 })
            {
                var options = new WarpZipOptions { DegreeOfParallelism = dop, StrictValidation = strict };
                Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(new WarpZLibStream(new MemoryStream(input), CompressionMode.Decompress, options)));
            }
        }
    }

    [Theory]
    [InlineData("7802")] // FCHECK wrong
    [InlineData("799C")] // window size 2^16: invalid CINFO (and wrong check)
    [InlineData("881C")] // CINFO = 8 with a valid check: window too large
    [InlineData("7A10")] // CM = 10 with a valid check
    public void ZLib_BadHeader_ThrowsInvalidData(string header)
    {
        byte[] input = Bytes.Concat(Convert.FromHexString(header), [0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(new ZLibStream(new MemoryStream(input), CompressionMode.Decompress)));
        Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(new WarpZLibStream(new MemoryStream(input), CompressionMode.Decompress)));
    }

    [Fact]
    public void ZLib_Trailer_IsAdler32OfWholeInput()
    {
        byte[] data = TestData.Create(DataKind.Text, 3 * TestData.Chunk + 5);
        using var output = new MemoryStream();
        using (var stream = new WarpZLibStream(output, CompressionLevel.Optimal, new WarpZipOptions { ChunkSize = TestData.Chunk, DegreeOfParallelism = 4 }, true))
        {
            stream.Write(data);
        }

        byte[] compressed = output.ToArray();
        Assert.Equal(new byte[] { 0x78, 0x9C }, compressed[..2]);
        uint a = 1, b = 0;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        Assert.Equal((b << 16) | a, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(compressed.AsSpan(compressed.Length - 4)));
    }

    [Fact]
    public void IndexedMembersFraming_IsRejectedForZLibAndDeflate()
    {
        Assert.Throws<ArgumentException>(() => new WarpZLibStream(new MemoryStream(), CompressionLevel.Optimal, IndexedFraming));
        Assert.Throws<ArgumentException>(() => new WarpDeflateStream(new MemoryStream(), CompressionLevel.Optimal, IndexedFraming));
        Assert.Throws<ArgumentException>(() => new WarpZLibStream(new MemoryStream(), new ZLibCompressionOptions(), IndexedFraming));
        Assert.Throws<ArgumentException>(() => new WarpDeflateStream(new MemoryStream(), CompressionMode.Compress, IndexedFraming));
    }

    [Fact]
    public void Deflate_IsNotGZipOrZLib()
    {
        // Raw deflate output has no header: the first bits are a block header, and a gzip/zlib decoder rejects it.
        byte[] data = TestData.Create(DataKind.Text, 10_000);
        using var output = new MemoryStream();
        using (var stream = new WarpDeflateStream(output, CompressionLevel.Optimal, true))
        {
            stream.Write(data);
        }

        byte[] compressed = output.ToArray();
        Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)));
        Bytes.Equal(data, Bytes.ReadAll(new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress)));
    }
}
