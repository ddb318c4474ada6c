using System;
using WarpZip.Buffers;
using WarpZip.Engines;

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

    public IInflateSession CreateInflater(InflateWrapper wrapper) => new ZInflater(wrapper);
}
