using System;
using System.IO;
using WarpZip.Buffers;
using WarpZip.Engines;

namespace WarpZip.Software;

/// <summary>
/// One DEFLATE compressor (zlib-ng), fed whole spans and flushed explicitly: raw, or with zlib-ng's
/// gzip wrapper when the caller wants the CRC-32 zlib-ng computes as it copies input into its window.
/// </summary>
internal sealed unsafe class ZDeflater : NativeZStream
{
    public ZDeflater(DeflateSettings settings, bool gzipWrapper = false)
    {
        int windowBits = gzipWrapper ? ZLibNative.GZipWindowBits : ZLibNative.RawWindowBits;
        int result = ZLibNative.DeflateInit2(Stream, settings.Level, ZLibNative.Deflated, windowBits, settings.MemLevel, (int)settings.Strategy);
        if (result != ZLibNative.Ok)
        {
            throw result == ZLibNative.MemoryError
                ? new InsufficientMemoryException("zlib could not allocate its compressor state.")
                : new IOException("zlib could not initialize its compressor:" + " " + ZLibNative.DescribeError(Stream, result));
        }

        Initialized = true;
    }

    /// <summary>
    /// Compresses all of <paramref name="input"/> into <paramref name="output"/>, then applies
    /// <paramref name="flush"/> (<see cref="ZLibNative.SyncFlush"/> or <see cref="ZLibNative.Finish"/>).
    /// </summary>
    /// <remarks>
    /// zlib-ng's block decisions depend on the call pattern (how much output room each call has, and
    /// whether the first call already says FINISH). With <paramref name="likeDeflateStream"/> we make
    /// the calls DeflateStream makes for one Write and a Dispose — NO_FLUSH into 8 KiB of room until the
    /// input is taken, then the flush 8 KiB at a time — so a one-chunk stream is byte-identical to
    /// GZipStream's. Pieces of longer streams cannot match GZipStream anyway, so they take the cheaper
    /// pattern: one call with room for the whole result.
    /// </remarks>
    public void Compress(ReadOnlySpan<byte> input, int flush, PooledBuffer output, bool likeDeflateStream)
    {
        fixed (byte* inputPointer = input)
        {
            ZLibNative.ZStream* stream = Stream;
            stream->NextIn = inputPointer;
            stream->AvailIn = (uint)input.Length;
            int room = likeDeflateStream ? OutputWindow : Math.Max(OutputWindow, (input.Length / 2) + OutputWindow);
            while (likeDeflateStream && stream->AvailIn != 0)
            {
                Step(stream, ZLibNative.NoFlush, output, room, out _);
            }

            while (true)
            {
                bool outputFull = Step(stream, flush, output, room, out int result);
                if (result == ZLibNative.StreamEnd || (flush != ZLibNative.Finish && stream->AvailIn == 0 && !outputFull))
                {
                    break; // finished, or a sync flush that had room to spare: all of it is out
                }
            }

            stream->NextIn = null;
        }
    }

    // One deflate call into `room` bytes of space; true when the space was used up.
    private static bool Step(ZLibNative.ZStream* stream, int flush, PooledBuffer output, int room, out int result)
    {
        Span<byte> free = output.GetSpan(room)[..room];
        fixed (byte* outputPointer = free)
        {
            stream->NextOut = outputPointer;
            stream->AvailOut = (uint)room;
            result = ZLibNative.Deflate(stream, flush);
            output.Length += room - (int)stream->AvailOut;
        }

        bool outputFull = stream->AvailOut == 0;
        stream->NextOut = null;
        if (result != ZLibNative.Ok && result != ZLibNative.StreamEnd && result != ZLibNative.BufferError)
        {
            throw new IOException("zlib failed while compressing: " + ZLibNative.DescribeError(stream, result));
        }

        return outputFull;
    }

    /// <summary>DeflateStream's internal buffer size; see the remarks on <see cref="Compress"/>.</summary>
    private const int OutputWindow = 8192;

    protected override void End(ZLibNative.ZStream* stream) => _ = ZLibNative.DeflateEnd(stream);
}
