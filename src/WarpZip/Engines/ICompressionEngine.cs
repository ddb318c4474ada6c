using System;
using WarpZip.Buffers;

namespace WarpZip.Engines;

/// <summary>
/// What the pipeline needs from an engine (software, or the hardware accelerator): compress one
/// chunk as a piece of a larger DEFLATE stream, and open inflate sessions. Engines are stateless
/// between calls and safe to call from several workers at once.
/// </summary>
internal interface ICompressionEngine
{
    /// <summary>A short name for statistics, e.g. "software (zlib-ng)".</summary>
    string Name { get; }

    /// <summary>
    /// Appends the raw DEFLATE blocks for <paramref name="input"/> to <paramref name="output"/>.
    /// <paramref name="dictionary"/> holds up to 32 KiB that precede the input in the stream and may be
    /// referenced by matches. When <paramref name="final"/> the last block is marked final; otherwise the
    /// output ends byte-aligned on a sync-flush marker, so the next chunk's blocks can follow directly.
    /// <paramref name="wholeStream"/> says the chunk is the entire stream, where the output should be the
    /// bytes System.IO.Compression would produce.
    /// </summary>
    void DeflateChunk(DeflateSettings settings, ReadOnlySpan<byte> dictionary, ReadOnlySpan<byte> input, bool final, bool wholeStream, PooledBuffer output);

    /// <summary>
    /// As <see cref="DeflateChunk"/> for a piece that need not match System.IO.Compression byte for
    /// byte, and returns the CRC-32 of <paramref name="input"/>, computed while compressing.
    /// </summary>
    uint DeflateChunkWithCrc(DeflateSettings settings, ReadOnlySpan<byte> dictionary, ReadOnlySpan<byte> input, bool final, PooledBuffer output);

    /// <summary>Opens a decompression session that parses <paramref name="wrapper"/> itself.</summary>
    IInflateSession CreateInflater(InflateWrapper wrapper);
}
