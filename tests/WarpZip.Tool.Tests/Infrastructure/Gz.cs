using System;
using System.Globalization;
using System.Linq;

namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>Reference codecs from outside .NET, and small helpers around warpzip's own output.</summary>
public static class Gz
{
    /// <summary>python3: argv[1] = c|d, argv[2] = gzip|zlib|raw; stdin to stdout with Python's gzip/zlib modules.</summary>
    private const string PythonCodec = """
        import sys, gzip, zlib
        mode, fmt = sys.argv[1], sys.argv[2]
        data = sys.stdin.buffer.read()
        if fmt == 'gzip':
            out = gzip.compress(data) if mode == 'c' else gzip.decompress(data)
        else:
            wbits = 15 if fmt == 'zlib' else -15
            if mode == 'c':
                co = zlib.compressobj(6, zlib.DEFLATED, wbits)
                out = co.compress(data) + co.flush()
            else:
                do = zlib.decompressobj(wbits)
                out = do.decompress(data) + do.flush()
                if not do.eof:
                    sys.exit('python zlib: incomplete stream')
        sys.stdout.buffer.write(out)
        """;

    public static byte[] Python(string mode, string format, byte[] input) => Peers.Python(PythonCodec, input, mode, format);

    public static byte[] Gunzip(byte[] compressed) => Peers.Ok("gzip", compressed, "-dc");

    /// <summary>The rows of <c>warpzip -l</c> after the header: compressed, uncompressed, ratio, members, name.</summary>
    public static (long Compressed, long Uncompressed, string Ratio, long Members, string Name)[] ParseList(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => line.Split(' ', 5, StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), f[2],
                long.Parse(f[3], CultureInfo.InvariantCulture), f[4]))
            .ToArray();

    public static void Equal(byte[] expected, byte[] actual, string what = "")
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: content differs");
    }
}
