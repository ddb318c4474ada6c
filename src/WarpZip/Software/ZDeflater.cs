using System;
using System.IO;
using WarpZip.Buffers;
using WarpZip.Engines;

namespace WarpZip.Software;

/// <summary>One raw-DEFLATE compressor (zlib-ng), fed whole spans and flushed explicitly.</summary>
internal sealed unsafe class ZDeflater : NativeZStream
{
    public ZDeflater(DeflateSettings settings)
    {
        int result = ZLibNative.DeflateInit2(Stream, settings.Level, ZLibNative.Deflated, ZLibNative.RawWindowBits, settings.MemLevel, (int)settings.Strategy);
        if (result != ZLibNative.Ok)
        {
            throw result == ZLibNative.MemoryError
                ? new InsufficientMemoryException("zlib could not allocate its compressor state.")
                : new IOException("zlib could not initialize its compressor:" + " " + ZLibNative.DescribeError(Stream, result));
        }

        Initialized = true;
    }

    /// <summary>
    /// Compresses all of <paramref name="input"/> into <paramref name="output"/> and applies
    /// <paramref name="flush"/> (<see cref="ZLibNative.SyncFlush"/> or <see cref="ZLibNative.Finish"/>).
    /// </summary>
    public void Compress(ReadOnlySpan<byte> input, int flush, PooledBuffer output)
    {
        fixed (byte* inputPointer = input)
        {
            ZLibNative.ZStream* stream = Stream;
            stream->NextIn = inputPointer;
            stream->AvailIn = (uint)input.Length;
            while (true)
            {
                // Deflate grows by at most a few bytes per 16 KiB stored block beyond the input size.
                Span<byte> free = output.GetSpan(Math.Max(4096, (int)Math.Min(int.MaxValue / 2, (stream->AvailIn / 2) + 1024)));
                int result;
                fixed (byte* outputPointer = free)
                {
                    stream->NextOut = outputPointer;
                    stream->AvailOut = (uint)free.Length;
                    result = ZLibNative.Deflate(stream, flush);
                    output.Length += free.Length - (int)stream->AvailOut;
                }

                bool outputFull = stream->AvailOut == 0;
                stream->NextOut = null;
                if (result == ZLibNative.StreamEnd)
                {
                    break;
                }

                if (result != ZLibNative.Ok && result != ZLibNative.BufferError)
                {
                    throw new IOException("zlib failed while compressing:" + " " + ZLibNative.DescribeError(stream, result));
                }

                // A sync flush is complete when zlib had room to spare: all input taken, all output out.
                if (flush != ZLibNative.Finish && stream->AvailIn == 0 && !outputFull)
                {
                    break;
                }
            }

            stream->NextIn = null;
        }
    }

    protected override void End(ZLibNative.ZStream* stream) => _ = ZLibNative.DeflateEnd(stream);
}
