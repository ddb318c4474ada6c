using System;
using System.Buffers.Binary;
using WarpZip.Engines;

namespace WarpZip.Formats;

/// <summary>
/// The "indexed members" gzip framing: one gzip member per chunk, whose header carries an FEXTRA
/// subfield that gives the member's total length and its uncompressed length, so a reader can cut
/// the stream into members without inflating (the idea of BGZF's "BC" subfield).
/// <code>
/// offset  size  field
///  0      10    gzip fixed header, FLG = FEXTRA (0x04), MTIME = 0
/// 10       2    XLEN = 12 (little-endian)
/// 12       1    SI1 = 'W' (0x57)
/// 13       1    SI2 = 'Z' (0x5A)
/// 14       2    LEN = 8 (little-endian)
/// 16       4    member length in bytes, header to trailer inclusive (little-endian)
/// 20       4    uncompressed length of the member (little-endian)
/// 24       …    raw DEFLATE data ending with a final block, then CRC-32 and ISIZE
/// </code>
/// </summary>
internal static class IndexedMember
{
    public const byte SubfieldId1 = (byte)'W';
    public const byte SubfieldId2 = (byte)'Z';
    public const int SubfieldPayloadLength = 8;
    public const int ExtraLength = 4 + SubfieldPayloadLength;
    public const int HeaderLength = GZipFraming.PlainHeaderLength + 2 + ExtraLength;

    public static void WriteHeader(Span<byte> destination, DeflateSettings settings, int memberLength, int uncompressedLength)
    {
        GZipFraming.WriteFixedPart(destination, settings, GZipFraming.FlagExtra);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], ExtraLength);
        destination[12] = SubfieldId1;
        destination[13] = SubfieldId2;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], SubfieldPayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)memberLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], (uint)uncompressedLength);
    }

    /// <summary>Outcome of looking for an index at the start of a member.</summary>
    public enum Probe
    {
        /// <summary>More bytes are needed to decide.</summary>
        NeedMoreData,

        /// <summary>Not an indexed member (or not gzip at all): decode sequentially.</summary>
        NotIndexed,

        /// <summary>An indexed member; the lengths are set.</summary>
        Indexed,
    }

    /// <summary>
    /// Looks for a WZ subfield in the gzip header at the start of <paramref name="bytes"/>. Any other
    /// subfields may stand beside it. Lengths that cannot be right (shorter than a header and trailer)
    /// make the member count as not indexed, so the sequential decoder reports the real problem.
    /// </summary>
    public static Probe TryRead(ReadOnlySpan<byte> bytes, out int memberLength, out int uncompressedLength)
    {
        memberLength = 0;
        uncompressedLength = 0;
        if (bytes.Length < GZipFraming.PlainHeaderLength + 2)
        {
            return bytes.Length >= 4 && !IsGZipWithExtra(bytes) ? Probe.NotIndexed : Probe.NeedMoreData;
        }

        if (!IsGZipWithExtra(bytes))
        {
            return Probe.NotIndexed;
        }

        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]);
        if (bytes.Length < 12 + extraLength)
        {
            return Probe.NeedMoreData;
        }

        ReadOnlySpan<byte> extra = bytes.Slice(12, extraLength);
        while (extra.Length >= 4)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (length > extra.Length - 4)
            {
                return Probe.NotIndexed;
            }

            if (extra[0] == SubfieldId1 && extra[1] == SubfieldId2 && length == SubfieldPayloadLength)
            {
                uint member = BinaryPrimitives.ReadUInt32LittleEndian(extra[4..]);
                uint uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(extra[8..]);
                if (member < (uint)(12 + extraLength + GZipFraming.TrailerLength) || member > int.MaxValue || uncompressed > int.MaxValue)
                {
                    return Probe.NotIndexed;
                }

                memberLength = (int)member;
                uncompressedLength = (int)uncompressed;
                return Probe.Indexed;
            }

            extra = extra[(4 + length)..];
        }

        return Probe.NotIndexed;
    }

    private static bool IsGZipWithExtra(ReadOnlySpan<byte> bytes) =>
        bytes[0] == GZipFraming.Id1 && bytes[1] == GZipFraming.Id2 && bytes[2] == GZipFraming.MethodDeflate &&
        (bytes[3] & GZipFraming.FlagExtra) != 0 && (bytes[3] & 0xE0) == 0;
}
