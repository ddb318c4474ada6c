using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

/// <summary>The shared contract for <see cref="WarpDeflateStream"/> against <see cref="DeflateStream"/>.</summary>
public sealed class DeflateConformanceTests : CompressionStreamConformance
{
    private static readonly StreamFactory WarpFactory = new(
        nameof(WarpDeflateStream),
        (s, m) => new WarpDeflateStream(s, m),
        (s, m, leaveOpen) => new WarpDeflateStream(s, m, leaveOpen),
        (s, l) => new WarpDeflateStream(s, l),
        (s, l, leaveOpen) => new WarpDeflateStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new WarpDeflateStream(s, o, leaveOpen),
        s => ((WarpDeflateStream)s).BaseStream);

    protected override bool HasChecksum => false;

    protected override StreamFactory Warp => WarpFactory;

    protected override StreamFactory Bcl => BclFactories.Deflate;

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen) =>
        new WarpDeflateStream(stream, mode, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen) =>
        new WarpDeflateStream(stream, level, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen) =>
        new WarpDeflateStream(stream, compressionOptions, options, leaveOpen);

    protected override byte[] SharpZipCompress(byte[] data, int level) => SharpZipDeflate.Compress(data, level, raw: true);

    protected override byte[] SharpZipDecompress(byte[] compressed) => SharpZipDeflate.Decompress(compressed, raw: true);
}
