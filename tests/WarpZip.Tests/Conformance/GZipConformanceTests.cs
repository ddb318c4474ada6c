using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

/// <summary>The shared contract for <see cref="WarpGZipStream"/> against <see cref="GZipStream"/>.</summary>
public sealed class GZipConformanceTests : CompressionStreamConformance
{
    private static readonly StreamFactory WarpFactory = new(
        nameof(WarpGZipStream),
        (s, m) => new WarpGZipStream(s, m),
        (s, m, leaveOpen) => new WarpGZipStream(s, m, leaveOpen),
        (s, l) => new WarpGZipStream(s, l),
        (s, l, leaveOpen) => new WarpGZipStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new WarpGZipStream(s, o, leaveOpen),
        s => ((WarpGZipStream)s).BaseStream);

    protected override bool HasChecksum => true;

    protected override StreamFactory Warp => WarpFactory;

    protected override StreamFactory Bcl => BclFactories.GZip;

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, mode, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, level, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, compressionOptions, options, leaveOpen);

    protected override byte[] SharpZipCompress(byte[] data, int level) => SharpZipGZip.Compress(data, level);

    protected override byte[] SharpZipDecompress(byte[] compressed) => SharpZipGZip.Decompress(compressed);
}
