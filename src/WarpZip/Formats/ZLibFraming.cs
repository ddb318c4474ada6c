using System;
using System.Buffers.Binary;
using WarpZip.Engines;

namespace WarpZip.Formats;

/// <summary>RFC 1950 header and trailer, written the way zlib writes them.</summary>
internal static class ZLibFraming
{
    public const int HeaderLength = 2;
    public const int TrailerLength = 4;

    /// <summary>CMF = deflate with a 32 KiB window; FLG carries FLEVEL and the FCHECK that makes the pair a multiple of 31.</summary>
    public static void WriteHeader(Span<byte> destination, DeflateSettings settings)
    {
        int header = (0x78 << 8) | (settings.ZLibLevelFlags << 6);
        header += 31 - (header % 31);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)header);
    }

    public static void WriteTrailer(Span<byte> destination, uint adler32) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, adler32);
}
