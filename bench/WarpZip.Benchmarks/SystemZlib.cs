using System;
using System.IO;
using System.Runtime.InteropServices;

namespace WarpZip.Benchmarks;

/// <summary>The container a codec writes: the same three that WarpZip and .NET offer.</summary>
public enum Format
{
    /// <summary>RFC 1952 gzip.</summary>
    Gzip,

    /// <summary>RFC 1950 zlib.</summary>
    Zlib,

    /// <summary>RFC 1951 raw deflate.</summary>
    Deflate,
}

/// <summary>
/// The system's software zlib (Debian's libz.so.1, the reference implementation that users mean by
/// "software zlib"), called through P/Invoke. Benchmarks only: one-shot compress and decompress of a
/// buffer, fed in 64 KiB pieces like the stream benchmarks. The z_stream lives in native memory because
/// zlib keeps a pointer back to it between calls.
/// </summary>
internal static unsafe partial class SystemZlib
{
    private const string Library = "libz.so.1";
    private const int ZNoFlush = 0;
    private const int ZFinish = 4;
    private const int ZOk = 0;
    private const int ZStreamEnd = 1;
    private const int ZBufError = -5;
    private const int ZDeflated = 8;
    private const int ZDefaultStrategy = 0;
    private const int Piece = 64 * 1024;

    /// <summary>zlib's version string, e.g. "1.2.13".</summary>
    public static string Version => Marshal.PtrToStringAnsi(zlibVersion()) ?? "unknown";

    /// <summary>windowBits for each container: +16 selects gzip, a negative value raw deflate.</summary>
    public static int WindowBits(Format format) => format switch
    {
        Format.Gzip => 15 + 16,
        Format.Zlib => 15,
        Format.Deflate => -15,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>; returns the compressed length.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, Format format, int level)
    {
        ZStream* stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        try
        {
            Check(deflateInit2_(stream, level, ZDeflated, WindowBits(format), 8, ZDefaultStrategy, zlibVersion(), sizeof(ZStream)), "deflateInit2_");
            try
            {
                fixed (byte* input = source)
                fixed (byte* output = destination)
                {
                    stream->NextOut = output;
                    stream->AvailOut = (uint)destination.Length;
                    int offset = 0;
                    while (true)
                    {
                        int take = Math.Min(Piece, source.Length - offset);
                        bool last = offset + take == source.Length;
                        stream->NextIn = input + offset;
                        stream->AvailIn = (uint)take;
                        int rc = deflate(stream, last ? ZFinish : ZNoFlush);
                        if (last)
                        {
                            if (rc != ZStreamEnd)
                            {
                                throw new IOException($"zlib deflate did not finish (rc {rc}); destination too small?");
                            }

                            break;
                        }

                        if (rc != ZOk || stream->AvailIn != 0)
                        {
                            throw new IOException($"zlib deflate failed (rc {rc})");
                        }

                        offset += take;
                    }

                    return (int)stream->TotalOut;
                }
            }
            finally
            {
                _ = deflateEnd(stream);
            }
        }
        finally
        {
            NativeMemory.Free(stream);
        }
    }

    /// <summary>Decompresses one complete stream into <paramref name="destination"/>; returns the decompressed length.</summary>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination, Format format)
    {
        ZStream* stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        try
        {
            Check(inflateInit2_(stream, WindowBits(format), zlibVersion(), sizeof(ZStream)), "inflateInit2_");
            try
            {
                fixed (byte* input = source)
                fixed (byte* output = destination)
                {
                    stream->NextIn = input;
                    stream->AvailIn = (uint)source.Length;
                    int written = 0;
                    while (true)
                    {
                        // Output in 64 KiB pieces, as a caller reading a stream would ask for it.
                        int room = Math.Min(Piece, destination.Length - written);
                        stream->NextOut = output + written;
                        stream->AvailOut = (uint)room;
                        int rc = inflate(stream, ZNoFlush);
                        written += room - (int)stream->AvailOut;
                        if (rc == ZStreamEnd)
                        {
                            return written;
                        }

                        if (rc != ZOk && !(rc == ZBufError && room == 0))
                        {
                            throw new InvalidDataException($"zlib inflate failed (rc {rc})");
                        }

                        if (room == 0)
                        {
                            throw new InvalidDataException("zlib inflate: destination too small");
                        }
                    }
                }
            }
            finally
            {
                _ = inflateEnd(stream);
            }
        }
        finally
        {
            NativeMemory.Free(stream);
        }
    }

    private static void Check(int rc, string call)
    {
        if (rc != ZOk)
        {
            throw new IOException($"zlib {call} failed (rc {rc})");
        }
    }

    /// <summary>zlib's z_stream as laid out on 64-bit Linux (LP64: uLong is 8 bytes), 112 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public byte* Msg;
        public void* State;
        public void* ZAlloc;
        public void* ZFree;
        public void* Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

#pragma warning disable SA1300, IDE1006 // zlib's own names
    [LibraryImport(Library)]
    private static partial nint zlibVersion();

    [LibraryImport(Library)]
    private static partial int deflateInit2_(ZStream* strm, int level, int method, int windowBits, int memLevel, int strategy, nint version, int streamSize);

    [LibraryImport(Library)]
    private static partial int deflate(ZStream* strm, int flush);

    [LibraryImport(Library)]
    private static partial int deflateEnd(ZStream* strm);

    [LibraryImport(Library)]
    private static partial int inflateInit2_(ZStream* strm, int windowBits, nint version, int streamSize);

    [LibraryImport(Library)]
    private static partial int inflate(ZStream* strm, int flush);

    [LibraryImport(Library)]
    private static partial int inflateEnd(ZStream* strm);
#pragma warning restore SA1300, IDE1006
}
