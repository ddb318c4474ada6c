using System.IO;
using System.IO.Compression;
using ICSharpCode.SharpZipLib.GZip;
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

    private static readonly StreamFactory BclFactory = new(
        nameof(GZipStream),
        (s, m) => new GZipStream(s, m),
        (s, m, leaveOpen) => new GZipStream(s, m, leaveOpen),
        (s, l) => new GZipStream(s, l),
        (s, l, leaveOpen) => new GZipStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new GZipStream(s, o, leaveOpen),
        s => ((GZipStream)s).BaseStream);

    protected override bool HasChecksum => true;

    protected override StreamFactory Warp => WarpFactory;

    protected override StreamFactory Bcl => BclFactory;

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionMode mode, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, mode, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, CompressionLevel level, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, level, options, leaveOpen);

    protected override WarpCompressionStream CreateWarp(Stream stream, ZLibCompressionOptions compressionOptions, WarpZipOptions options, bool leaveOpen) =>
        new WarpGZipStream(stream, compressionOptions, options, leaveOpen);

    protected override byte[] SharpZipCompress(byte[] data, int level)
    {
        using var output = new MemoryStream();
        using (var stream = new GZipOutputStream(output) { IsStreamOwner = false })
        {
            stream.SetLevel(level);
            stream.Write(data, 0, data.Length);
        }

        return output.ToArray();
    }

    protected override byte[] SharpZipDecompress(byte[] compressed) =>
        Bytes.ReadAll(new GZipInputStream(new MemoryStream(compressed)));
}
