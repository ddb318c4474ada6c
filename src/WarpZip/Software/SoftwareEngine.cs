using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using WarpZip.Buffers;
using WarpZip.Engines;
using WarpZip.Formats;

namespace WarpZip.Software;

/// <summary>The software engine: zlib-ng from the .NET runtime, one compressor per chunk.</summary>
internal sealed class SoftwareEngine : ICompressionEngine
{
    public static SoftwareEngine Instance { get; } = new();

    public string Name => "software (zlib-ng)";

    public void DeflateChunk(DeflateSettings settings, ReadOnlySpan<byte> dictionary, ReadOnlySpan<byte> input, bool final, bool wholeStream, PooledBuffer output)
    {
        using var deflater = new ZDeflater(settings);
        if (!dictionary.IsEmpty)
        {
            // Prime the window the way pigz does with stock zlib: compress the preceding bytes, sync-flush
            // so the output is byte-aligned, and throw those bytes away. Matches into the window survive.
            int start = output.Length;
            deflater.Compress(dictionary, ZLibNative.SyncFlush, output, likeDeflateStream: false);
            output.Length = start;
        }

        deflater.Compress(input, final ? ZLibNative.Finish : ZLibNative.SyncFlush, output, likeDeflateStream: wholeStream);
    }

    public uint DeflateChunkWithCrc(DeflateSettings settings, ReadOnlySpan<byte> dictionary, ReadOnlySpan<byte> input, bool final, PooledBuffer output)
    {
        // zlib-ng's gzip wrapper folds the CRC into the copy of input into its window, which costs far
        // less than a separate pass. Everything it adds around the blocks is cut away: the header (out
        // with the first flush, before any of our bytes), and after a non-final piece the empty final
        // block FINISH writes, which is only there to get the trailer out.
        using var deflater = new ZDeflater(settings, gzipWrapper: true);
        int start = output.Length;
        deflater.Compress(dictionary, ZLibNative.SyncFlush, output, likeDeflateStream: false);
        output.Length = start;

        deflater.Compress(input, final ? ZLibNative.Finish : ZLibNative.SyncFlush, output, likeDeflateStream: false);
        int end = output.Length;
        if (!final)
        {
            deflater.Compress(ReadOnlySpan<byte>.Empty, ZLibNative.Finish, output, likeDeflateStream: false);
        }

        ReadOnlySpan<byte> trailer = output.WrittenSpan[^GZipFraming.TrailerLength..];
        uint crcOfAll = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (isize != (uint)(dictionary.Length + input.Length))
        {
            throw new IOException($"zlib-ng's gzip trailer counts {isize} bytes, expected {dictionary.Length + input.Length}.");
        }

        output.Length = final ? end - GZipFraming.TrailerLength : end;

        // The trailer covers the window too: crc(window ‖ input) = shift(crc(window), |input|) ⊕ crc(input).
        return dictionary.IsEmpty ? crcOfAll : crcOfAll ^ Crc32Combine.Combine(Crc32.HashToUInt32(dictionary), 0, input.Length);
    }

    public IInflateSession CreateInflater(InflateWrapper wrapper) => new ZInflater(wrapper);
}
