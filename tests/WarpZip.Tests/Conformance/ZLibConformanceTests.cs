using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Conformance;

/// <summary>The shared contract for <see cref="WarpZLibStream"/> against <see cref="ZLibStream"/>.</summary>
public sealed class ZLibConformanceTests : CompressionStreamConformance
{
    private static readonly StreamFactory WarpFactory = new(
        nameof(WarpZLibStream),
        (s, m) => new WarpZLibStream(s, m),
        (s, m, leaveOpen) => new WarpZLibStream(s, m, leaveOpen),
        (s, l) => new WarpZLibStream(s, l),
        (s, l, leaveOpen) => new WarpZLibStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new WarpZLibStream(s, o, leaveOpen),
        s => ((WarpZLibStream)s).BaseStream);

    protected override bool HasChecksum => true;

    protected override StreamFactory Warp => WarpFactory;

    protected override StreamFactory Bcl => BclFactories.ZLib;

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen) =>
        new WarpZLibStream(stream, mode, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen) =>
        new WarpZLibStream(stream, level, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen) =>
        new WarpZLibStream(stream, compressionOptions, options, leaveOpen);

    protected override byte[] SharpZipCompress(byte[] data, int level) => SharpZipDeflate.Compress(data, level, raw: false);

    protected override byte[] SharpZipDecompress(byte[] compressed) => SharpZipDeflate.Decompress(compressed, raw: false);
}
