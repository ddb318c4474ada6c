using System;
using System.Buffers.Binary;
using WarpZip.Engines;
using WarpZip.Formats;

namespace WarpZip.Tests.Formats;

public class IndexedMemberTests
{
    private static readonly DeflateSettings Optimal = DeflateSettings.FromLevel(System.IO.Compression.CompressionLevel.Optimal);

    [Fact]
    public void Header_layout_is_the_documented_one()
    {
        byte[] header = new byte[IndexedMember.HeaderLength];
        IndexedMember.WriteHeader(header, Optimal, memberLength: 0x01020304, uncompressedLength: 0x0A0B0C0D);

        Assert.Equal(24, header.Length);
        Assert.Equal(new byte[] { 0x1F, 0x8B, 8, 0x04, 0, 0, 0, 0, 0, 3 }, header[..10]);
        Assert.Equal(12, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10)));
        Assert.Equal((byte)'W', header[12]);
        Assert.Equal((byte)'Z', header[13]);
        Assert.Equal(8, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14)));
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)));
        Assert.Equal(0x0A0B0C0Du, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20)));
    }

    [Fact]
    public void Probe_reads_back_what_was_written()
    {
        byte[] header = new byte[IndexedMember.HeaderLength];
        IndexedMember.WriteHeader(header, Optimal, memberLength: 5000, uncompressedLength: 70000);
        Assert.Equal(IndexedMember.Probe.Indexed, IndexedMember.TryRead(header, out int member, out int uncompressed));
        Assert.Equal(5000, member);
        Assert.Equal(70000, uncompressed);
    }

    [Fact]
    public void Probe_asks_for_more_until_the_extra_field_is_complete()
    {
        byte[] header = new byte[IndexedMember.HeaderLength];
        IndexedMember.WriteHeader(header, Optimal, 5000, 70000);
        for (int length = 0; length < header.Length; length++)
        {
            Assert.Equal(IndexedMember.Probe.NeedMoreData, IndexedMember.TryRead(header.AsSpan(0, length), out _, out _));
        }
    }

    [Fact]
    public void Probe_finds_the_subfield_among_others()
    {
        // XLEN = 6 + 12: an unrelated "AB" subfield of 2 bytes first, then WZ.
        byte[] header = new byte[12 + 18];
        GZipFraming.WriteFixedPart(header, Optimal, GZipFraming.FlagExtra);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), 18);
        header[12] = (byte)'A';
        header[13] = (byte)'B';
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 2);
        header[18] = (byte)'W';
        header[19] = (byte)'Z';
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), 100);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(26), 200);
        Assert.Equal(IndexedMember.Probe.Indexed, IndexedMember.TryRead(header, out int member, out int uncompressed));
        Assert.Equal(100, member);
        Assert.Equal(200, uncompressed);
    }

    [Theory]
    [InlineData(0u)]     // shorter than a header and trailer
    [InlineData(31u)]
    [InlineData(0x80000000u)] // beyond int range
    public void Impossible_lengths_are_not_trusted(uint memberLength)
    {
        byte[] header = new byte[IndexedMember.HeaderLength];
        IndexedMember.WriteHeader(header, Optimal, 0, 10);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), memberLength);
        Assert.Equal(IndexedMember.Probe.NotIndexed, IndexedMember.TryRead(header, out _, out _));
    }

    [Fact]
    public void Plain_gzip_and_other_formats_are_not_indexed()
    {
        byte[] plain = new byte[GZipFraming.PlainHeaderLength + 2];
        GZipFraming.WritePlainHeader(plain, Optimal);
        Assert.Equal(IndexedMember.Probe.NotIndexed, IndexedMember.TryRead(plain, out _, out _));
        Assert.Equal(IndexedMember.Probe.NotIndexed, IndexedMember.TryRead(new byte[] { 0x78, 0x9C, 1, 2, 3 }, out _, out _));
    }
}
