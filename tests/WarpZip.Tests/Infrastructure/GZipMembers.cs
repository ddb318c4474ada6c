using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace WarpZip.Tests.Infrastructure;

/// <summary>One member of an IndexedMembers gzip stream, as read from its WZ subfield.</summary>
public readonly record struct IndexedMemberInfo(int Offset, int MemberLength, int UncompressedLength);

/// <summary>Builds and takes apart gzip members by hand (RFC 1952), independently of the library.</summary>
public static class GZipMembers
{
    public const byte FlagText = 0x01;
    public const byte FlagHeaderCrc = 0x02;
    public const byte FlagExtra = 0x04;
    public const byte FlagName = 0x08;
    public const byte FlagComment = 0x10;

    /// <summary>Raw DEFLATE of <paramref name="data"/> by System.IO.Compression.</summary>
    public static byte[] RawDeflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// A complete gzip member with the optional header fields asked for. <paramref name="headerCrcDelta"/>
    /// is added to a correct FHCRC to make it wrong.
    /// </summary>
    public static byte[] Build(byte[] data, byte[]? extra = null, string? name = null, string? comment = null,
        bool headerCrc = false, bool textFlag = false, uint modificationTime = 0, int headerCrcDelta = 0)
    {
        using var member = new MemoryStream();
        byte flags = (byte)((textFlag ? FlagText : 0) | (headerCrc ? FlagHeaderCrc : 0) | (extra is null ? 0 : FlagExtra) |
            (name is null ? 0 : FlagName) | (comment is null ? 0 : FlagComment));
        Span<byte> fixedPart = stackalloc byte[10];
        fixedPart[0] = 0x1F;
        fixedPart[1] = 0x8B;
        fixedPart[2] = 8;
        fixedPart[3] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[4..], modificationTime);
        fixedPart[8] = 0;
        fixedPart[9] = 255; // OS unknown
        member.Write(fixedPart);
        if (extra is not null)
        {
            Span<byte> xlen = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(xlen, checked((ushort)extra.Length));
            member.Write(xlen);
            member.Write(extra);
        }

        if (name is not null)
        {
            member.Write(Encoding.Latin1.GetBytes(name));
            member.WriteByte(0);
        }

        if (comment is not null)
        {
            member.Write(Encoding.Latin1.GetBytes(comment));
            member.WriteByte(0);
        }

        if (headerCrc)
        {
            uint crc = Crc32.HashToUInt32(member.ToArray());
            Span<byte> crc16 = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(crc16, unchecked((ushort)(crc + headerCrcDelta)));
            member.Write(crc16);
        }

        member.Write(RawDeflate(data));
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.HashToUInt32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)data.Length);
        member.Write(trailer);
        return member.ToArray();
    }

    /// <summary>An FEXTRA field made of (SI1, SI2, payload) subfields.</summary>
    public static byte[] Extra(params (char Si1, char Si2, byte[] Payload)[] subfields)
    {
        using var extra = new MemoryStream();
        foreach ((char si1, char si2, byte[] payload) in subfields)
        {
            extra.WriteByte((byte)si1);
            extra.WriteByte((byte)si2);
            extra.WriteByte((byte)payload.Length);
            extra.WriteByte((byte)(payload.Length >> 8));
            extra.Write(payload);
        }

        return extra.ToArray();
    }

    /// <summary>
    /// Walks an IndexedMembers stream member by member using only the WZ subfields, checking the
    /// fixed layout on the way (24-byte header: FLG = FEXTRA, XLEN = 12, 'W' 'Z', LEN = 8).
    /// </summary>
    public static List<IndexedMemberInfo> ParseIndexed(byte[] gzip)
    {
        var members = new List<IndexedMemberInfo>();
        int offset = 0;
        while (offset < gzip.Length)
        {
            ReadOnlySpan<byte> header = gzip.AsSpan(offset);
            Assert.True(header.Length >= 24 + 8, $"member at {offset}: only {header.Length} bytes left");
            Assert.Equal(0x1F, header[0]);
            Assert.Equal(0x8B, header[1]);
            Assert.Equal(8, header[2]);
            Assert.Equal(FlagExtra, header[3]);
            Assert.Equal(12, BinaryPrimitives.ReadUInt16LittleEndian(header[10..]));
            Assert.Equal((byte)'W', header[12]);
            Assert.Equal((byte)'Z', header[13]);
            Assert.Equal(8, BinaryPrimitives.ReadUInt16LittleEndian(header[14..]));
            int memberLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header[16..]));
            int uncompressedLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(header[20..]));
            Assert.InRange(memberLength, 24 + 8 + 1, header.Length);

            // The trailer's ISIZE agrees with the index.
            Assert.Equal((uint)uncompressedLength, BinaryPrimitives.ReadUInt32LittleEndian(header[(memberLength - 4)..]));
            members.Add(new IndexedMemberInfo(offset, memberLength, uncompressedLength));
            offset += memberLength;
        }

        Assert.Equal(gzip.Length, offset);
        return members;
    }

    /// <summary>
    /// Asserts that <paramref name="gzip"/> is exactly one plain member (10-byte header, no flags): its
    /// DEFLATE body, inflated with SharpZipLib's raw inflater, ends exactly 8 bytes (the trailer)
    /// before the end of the input.
    /// </summary>
    public static void AssertSingleMember(byte[] gzip)
    {
        Assert.True(gzip.Length >= 18, "too short for a gzip member");
        Assert.Equal(0x1F, gzip[0]);
        Assert.Equal(0x8B, gzip[1]);
        Assert.Equal(0, gzip[3]);
        var inflater = new ICSharpCode.SharpZipLib.Zip.Compression.Inflater(noHeader: true);
        inflater.SetInput(gzip, 10, gzip.Length - 10);
        byte[] scratch = new byte[64 * 1024];
        while (!inflater.IsFinished)
        {
            int produced = inflater.Inflate(scratch);
            Assert.False(produced == 0 && inflater.IsNeedingInput, "the DEFLATE body does not end");
        }

        Assert.Equal(8, inflater.RemainingInput);
    }
}
