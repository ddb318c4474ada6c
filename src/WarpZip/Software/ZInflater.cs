using System;
using System.IO;
using WarpZip.Engines;

namespace WarpZip.Software;

/// <summary>One zlib-ng decompression stream; zlib parses and checks the zlib or gzip wrapper itself.</summary>
internal sealed unsafe class ZInflater : NativeZStream, IInflateSession
{
    private readonly int _windowBits;

    public ZInflater(InflateWrapper wrapper)
    {
        _windowBits = wrapper switch
        {
            InflateWrapper.GZip => ZLibNative.GZipWindowBits,
            InflateWrapper.ZLib => ZLibNative.ZLibWindowBits,
            _ => ZLibNative.RawWindowBits,
        };
        int result = ZLibNative.InflateInit2(Stream, _windowBits);
        if (result != ZLibNative.Ok)
        {
            throw result == ZLibNative.MemoryError
                ? new InsufficientMemoryException("zlib could not allocate its decompressor state.")
                : new IOException("zlib could not initialize its decompressor:" + " " + ZLibNative.DescribeError(Stream, result));
        }

        Initialized = true;
    }

    public InflateProgress Inflate(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int written)
    {
        ZLibNative.ZStream* stream = Stream;
        int result;

        // zlib rejects a null next_out even with no room; an empty span pins to null, so lend it a byte.
        byte spare = 0;
        fixed (byte* inputPointer = input)
        fixed (byte* pinnedOutput = output)
        {
            byte* outputPointer = output.IsEmpty ? &spare : pinnedOutput;
            stream->NextIn = inputPointer;
            stream->AvailIn = (uint)input.Length;
            stream->NextOut = outputPointer;
            stream->AvailOut = (uint)output.Length;
            result = ZLibNative.Inflate(stream, ZLibNative.NoFlush);
            consumed = input.Length - (int)stream->AvailIn;
            written = output.Length - (int)stream->AvailOut;
            stream->NextIn = null;
            stream->NextOut = null;
        }

        switch (result)
        {
            case ZLibNative.Ok:
            case ZLibNative.BufferError: // no progress possible: needs input or output space
                return InflateProgress.InProgress;
            case ZLibNative.StreamEnd:
                return InflateProgress.StreamEnd;
            case ZLibNative.NeedDictionary:
                throw new InvalidDataException("The zlib stream needs a preset dictionary (FDICT), which this decoder does not support.");
            case ZLibNative.DataError:
                throw new InvalidDataException($"The compressed data is corrupt: {ZLibNative.DescribeError(stream, result)}.");
            case ZLibNative.MemoryError:
                throw new InsufficientMemoryException("zlib ran out of memory while decompressing.");
            default:
                throw new IOException("zlib failed while decompressing:" + " " + ZLibNative.DescribeError(stream, result));
        }
    }

    public void Reset()
    {
        int result = ZLibNative.InflateReset2(Stream, _windowBits);
        if (result != ZLibNative.Ok)
        {
            throw new IOException("zlib could not reset its decompressor:" + " " + ZLibNative.DescribeError(Stream, result));
        }
    }

    protected override void End(ZLibNative.ZStream* stream) => _ = ZLibNative.InflateEnd(stream);
}
