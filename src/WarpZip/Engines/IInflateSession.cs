using System;

namespace WarpZip.Engines;

/// <summary>The container an inflate session parses itself.</summary>
internal enum InflateWrapper
{
    /// <summary>Raw DEFLATE only.</summary>
    Raw,

    /// <summary>zlib header and Adler-32 trailer, checked by the session.</summary>
    ZLib,

    /// <summary>One gzip member: header (all flags), CRC-32 and ISIZE, checked by the session.</summary>
    GZip,
}

/// <summary>What one call to <see cref="IInflateSession.Inflate"/> reached.</summary>
internal enum InflateProgress
{
    /// <summary>Input or output ran out before the end of the stream (or member).</summary>
    InProgress,

    /// <summary>The stream (or gzip member) ended and its trailer checked out; unconsumed input follows it.</summary>
    StreamEnd,
}

/// <summary>
/// One stateful decompression stream. Corrupt data throws <see cref="System.IO.InvalidDataException"/>;
/// running out of input or output is an ordinary result.
/// </summary>
internal interface IInflateSession : IDisposable
{
    InflateProgress Inflate(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int written);

    /// <summary>Starts a new stream (the next gzip member) with the same wrapper.</summary>
    void Reset();
}
