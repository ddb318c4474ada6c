using System;
using System.Runtime.InteropServices;

namespace WarpZip.Software;

/// <summary>
/// zlib-ng as System.IO.Compression ships it: the C shim <c>libSystem.IO.Compression.Native</c> in the
/// .NET shared framework, the very code GZipStream runs. We call it directly because DeflateStream
/// hides what a parallel engine needs: where a stream ends in the input (multi-member gzip, trailers,
/// strict truncation checks) and flush points without a Stream per chunk. These exports are not a
/// documented API; the test suite pins their behaviour (round trips, flush points, member ends).
/// </summary>
internal static unsafe partial class ZLibNative
{
    private const string Library = "libSystem.IO.Compression.Native";

    public const int NoFlush = 0;
    public const int SyncFlush = 2;
    public const int Finish = 4;

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDictionary = 2;
    public const int ErrorNo = -1;
    public const int StreamError = -2;
    public const int DataError = -3;
    public const int MemoryError = -4;
    public const int BufferError = -5;
    public const int VersionError = -6;

    public const int Deflated = 8;

    /// <summary>Raw DEFLATE with a 32 KiB window (negative window bits: no wrapper).</summary>
    public const int RawWindowBits = -15;

    /// <summary>zlib wrapper.</summary>
    public const int ZLibWindowBits = 15;

    /// <summary>gzip wrapper (16 + 15): zlib parses the header and checks CRC-32 and ISIZE.</summary>
    public const int GZipWindowBits = 31;

    /// <summary>The shim's PAL_ZStream: it keeps zlib's own z_stream behind <see cref="InternalState"/>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public byte* Message;
        public nint InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    [LibraryImport(Library, EntryPoint = "CompressionNative_DeflateInit2_")]
    public static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Deflate")]
    public static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_DeflateEnd")]
    public static partial int DeflateEnd(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    public static partial int InflateInit2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    public static partial int InflateReset2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    public static string DescribeError(ZStream* stream, int code)
    {
        string? message = stream->Message is null ? null : Marshal.PtrToStringUTF8((nint)stream->Message);
        return message is null ? $"zlib error {code}" : $"{message} (zlib error {code})";
    }
}
