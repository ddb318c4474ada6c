using System;
using System.IO;
using System.IO.Compression;

namespace WarpZip.Tool;

/// <summary>The one place the tool makes WarpZip streams.</summary>
internal static class Codec
{
    /// <summary>Copy buffer: large enough that each write hands the library a good share of a chunk.</summary>
    public const int CopyBufferSize = 256 * 1024;

    /// <summary>A compressor writing into <paramref name="output"/>, which it leaves open.</summary>
    public static WarpCompressionStream CreateCompressor(Stream output, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        WarpZipOptions warp = options.ToWarpZipOptions(decompress: false);
        (CompressionLevel? level, ZLibCompressionOptions? zlib) = options.CompressionSettings;
        return (options.Format, level) switch
        {
            (ToolFormat.GZip, { } l) => new WarpGZipStream(output, l, warp, leaveOpen: true),
            (ToolFormat.GZip, null) => new WarpGZipStream(output, zlib!, warp, leaveOpen: true),
            (ToolFormat.ZLib, { } l) => new WarpZLibStream(output, l, warp, leaveOpen: true),
            (ToolFormat.ZLib, null) => new WarpZLibStream(output, zlib!, warp, leaveOpen: true),
            (_, { } l) => new WarpDeflateStream(output, l, warp, leaveOpen: true),
            _ => new WarpDeflateStream(output, zlib!, warp, leaveOpen: true),
        };
    }

    /// <summary>A strict decompressor reading <paramref name="input"/>, which it leaves open.</summary>
    public static WarpCompressionStream CreateDecompressor(Stream input, Options options, ToolFormat? format = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        WarpZipOptions warp = options.ToWarpZipOptions(decompress: true);
        if (threads is { } n)
        {
            warp = warp with { DegreeOfParallelism = n };
        }

        return (format ?? options.Format) switch
        {
            ToolFormat.GZip => new WarpGZipStream(input, CompressionMode.Decompress, warp, leaveOpen: true),
            ToolFormat.ZLib => new WarpZLibStream(input, CompressionMode.Decompress, warp, leaveOpen: true),
            _ => new WarpDeflateStream(input, CompressionMode.Decompress, warp, leaveOpen: true),
        };
    }

    /// <summary>Whether the first bytes of compressed input look like <paramref name="format"/> (raw deflate has no magic).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head, ToolFormat format) => format switch
    {
        ToolFormat.GZip => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B,

        // CMF: method 8 with at most a 32 KiB window; CMF*256+FLG a multiple of 31.
        ToolFormat.ZLib => head.Length >= 2 && (head[0] & 0x0F) == 8 && (head[0] >> 4) <= 7 && ((head[0] << 8) | head[1]) % 31 == 0,
        _ => true,
    };
}
