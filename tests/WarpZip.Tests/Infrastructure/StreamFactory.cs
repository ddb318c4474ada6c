using System;
using System.IO;
using System.IO.Compression;

namespace WarpZip.Tests.Infrastructure;

/// <summary>
/// The constructors of one stream type (a WarpZip stream or its System.IO.Compression counterpart),
/// so one test body can drive both and compare what they do.
/// </summary>
public sealed record StreamFactory(
    string Name,
    Func<Stream, CompressionMode, Stream> ByMode,
    Func<Stream, CompressionMode, bool, Stream> ByModeLeaveOpen,
    Func<Stream, CompressionLevel, Stream> ByLevel,
    Func<Stream, CompressionLevel, bool, Stream> ByLevelLeaveOpen,
    Func<Stream, ZLibCompressionOptions, bool, Stream> ByOptions,
    Func<Stream, Stream?> BaseStreamOf);

/// <summary>A stream that can be written but not read, to feed a decompressor that must refuse it.</summary>
public sealed class WriteOnlyStream : MemoryStream
{
    /// <inheritdoc />
    public override bool CanRead => false;
}
