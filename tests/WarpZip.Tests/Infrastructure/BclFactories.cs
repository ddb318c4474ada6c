using System.IO.Compression;

namespace WarpZip.Tests.Infrastructure;

/// <summary>System.IO.Compression's streams as factories: the reference every conformance class compares with.</summary>
public static class BclFactories
{
    public static readonly StreamFactory GZip = new(
        nameof(GZipStream),
        (s, m) => new GZipStream(s, m),
        (s, m, leaveOpen) => new GZipStream(s, m, leaveOpen),
        (s, l) => new GZipStream(s, l),
        (s, l, leaveOpen) => new GZipStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new GZipStream(s, o, leaveOpen),
        s => ((GZipStream)s).BaseStream);

    public static readonly StreamFactory ZLib = new(
        nameof(ZLibStream),
        (s, m) => new ZLibStream(s, m),
        (s, m, leaveOpen) => new ZLibStream(s, m, leaveOpen),
        (s, l) => new ZLibStream(s, l),
        (s, l, leaveOpen) => new ZLibStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new ZLibStream(s, o, leaveOpen),
        s => ((ZLibStream)s).BaseStream);

    public static readonly StreamFactory Deflate = new(
        nameof(DeflateStream),
        (s, m) => new DeflateStream(s, m),
        (s, m, leaveOpen) => new DeflateStream(s, m, leaveOpen),
        (s, l) => new DeflateStream(s, l),
        (s, l, leaveOpen) => new DeflateStream(s, l, leaveOpen),
        (s, o, leaveOpen) => new DeflateStream(s, o, leaveOpen),
        s => ((DeflateStream)s).BaseStream);
}
