using System.IO;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;

namespace WarpZip.Tests.Infrastructure;

/// <summary>SharpZipLib's zlib (raw = false) or raw deflate (raw = true) encoder and decoder, as an oracle.</summary>
public static class SharpZipDeflate
{
    public static byte[] Compress(byte[] data, int level, bool raw)
    {
        using var output = new MemoryStream();
        using (var stream = new DeflaterOutputStream(output, new Deflater(level, noZlibHeaderOrFooter: raw)) { IsStreamOwner = false })
        {
            stream.Write(data, 0, data.Length);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] compressed, bool raw) =>
        Bytes.ReadAll(new InflaterInputStream(new MemoryStream(compressed), new Inflater(noHeader: raw)));
}

/// <summary>SharpZipLib's gzip encoder and decoder, as an oracle.</summary>
public static class SharpZipGZip
{
    public static byte[] Compress(byte[] data, int level)
    {
        using var output = new MemoryStream();
        using (var stream = new ICSharpCode.SharpZipLib.GZip.GZipOutputStream(output) { IsStreamOwner = false })
        {
            stream.SetLevel(level);
            stream.Write(data, 0, data.Length);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] compressed) =>
        Bytes.ReadAll(new ICSharpCode.SharpZipLib.GZip.GZipInputStream(new MemoryStream(compressed)));
}
