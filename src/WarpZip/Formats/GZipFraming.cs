using System;
using System.Buffers.Binary;
using WarpZip.Engines;

namespace WarpZip.Formats;

/// <summary>RFC 1952 member header and trailer, written the way zlib writes them.</summary>
internal static class GZipFraming
{
    public const byte Id1 = 0x1F;
    public const byte Id2 = 0x8B;
    public const byte MethodDeflate = 8;
    public const byte FlagExtra = 0x04;

    /// <summary>zlib's OS byte on Unix; .NET writes the same everywhere it runs zlib-ng.</summary>
    public const byte OsUnix = 3;

    public const int PlainHeaderLength = 10;
    public const int TrailerLength = 8;

    /// <summary>The header GZipStream writes: no flags, no mtime, XFL from the level, OS = Unix.</summary>
    public static void WritePlainHeader(Span<byte> destination, DeflateSettings settings) =>
        WriteFixedPart(destination, settings, flags: 0);

    public static void WriteFixedPart(Span<byte> destination, DeflateSettings settings, byte flags)
    {
        destination[0] = Id1;
        destination[1] = Id2;
        destination[2] = MethodDeflate;
        destination[3] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], 0); // MTIME: none, as GZipStream
        destination[8] = settings.GZipExtraFlags;
        destination[9] = OsUnix;
    }

    /// <summary>
    /// The length of the gzip header at the start of <paramref name="member"/> (fixed part, FEXTRA,
    /// FNAME, FCOMMENT, FHCRC), or false if it is not a complete, well-formed deflate member header.
    /// </summary>
    public static bool TryGetHeaderLength(ReadOnlySpan<byte> member, out int length)
    {
        length = 0;
        if (member.Length < PlainHeaderLength || member[0] != Id1 || member[1] != Id2 || member[2] != MethodDeflate || (member[3] & 0xE0) != 0)
        {
            return false;
        }

        byte flags = member[3];
        int offset = PlainHeaderLength;
        if ((flags & FlagExtra) != 0)
        {
            if (member.Length < offset + 2)
            {
                return false;
            }

            offset += 2 + BinaryPrimitives.ReadUInt16LittleEndian(member[offset..]);
        }

        foreach (byte flag in new[] { FlagName, FlagComment })
        {
            if ((flags & flag) != 0)
            {
                int end = offset < member.Length ? member[offset..].IndexOf((byte)0) : -1;
                if (end < 0)
                {
                    return false;
                }

                offset += end + 1;
            }
        }

        if ((flags & FlagHeaderCrc) != 0)
        {
            offset += 2;
        }

        length = offset;
        return offset <= member.Length;
    }

    public const byte FlagHeaderCrc = 0x02;
    public const byte FlagName = 0x08;
    public const byte FlagComment = 0x10;

    public static void WriteTrailer(Span<byte> destination, uint crc32, long uncompressedLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, crc32);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], unchecked((uint)uncompressedLength)); // ISIZE is modulo 2^32
    }
}
