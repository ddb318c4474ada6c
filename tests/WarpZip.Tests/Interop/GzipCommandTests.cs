using System;
using System.IO;
using System.IO.Compression;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Interop;

/// <summary>
/// WarpZip against the real command-line tools: gzip, pigz and Python's zlib module. A missing tool
/// fails the test with an install hint; it is never skipped.
/// </summary>
public sealed class GzipCommandTests
{
    private const int Chunk = TestData.Chunk;

    // Reads stdin, writes stdout; argv[1] picks the format (zlib: 15, raw deflate: -15) and direction.
    private const string PythonZlib =
        "import sys, zlib\n" +
        "mode, wbits = sys.argv[1], int(sys.argv[2])\n" +
        "data = sys.stdin.buffer.read()\n" +
        "if mode == 'c':\n" +
        "    c = zlib.compressobj(6, zlib.DEFLATED, wbits)\n" +
        "    out = c.compress(data) + c.flush()\n" +
        "else:\n" +
        "    d = zlib.decompressobj(wbits)\n" +
        "    out = d.decompress(data) + d.flush()\n" +
        "    if not d.eof: sys.exit('incomplete stream')\n" +
        "sys.stdout.buffer.write(out)\n";

    public static TheoryData<DataKind, int> Cases() => new()
    {
        { DataKind.Text, 0 },
        { DataKind.Text, 1 },
        { DataKind.Text, 3 * Chunk + 1 },
        { DataKind.Binary, 2 * Chunk },
        { DataKind.Random, Chunk + 100 },
    };

    private static byte[] WarpCompress(byte[] data, WarpZipOptions options, Func<Stream, WarpZipOptions, Stream> create)
    {
        using var output = new MemoryStream();
        using (Stream stream = create(output, options))
        {
            stream.Write(data);
        }

        return output.ToArray();
    }

    private static WarpZipOptions Options(WarpZipFraming framing = WarpZipFraming.SingleMember) =>
        new() { ChunkSize = Chunk, DegreeOfParallelism = 2, Framing = framing };

    private static byte[] GZip(byte[] data, WarpZipOptions options) =>
        WarpCompress(data, options, (s, o) => new WarpGZipStream(s, CompressionLevel.Optimal, o, leaveOpen: true));

    private static byte[] WarpDecompress(Stream stream) => Bytes.ReadAll(stream);

    [Theory]
    [MemberData(nameof(Cases))]
    public void GzipDc_ReadsWarpOutput(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        Bytes.Equal(data, ExternalTool.Run("gzip", ["-dc"], GZip(data, Options())), "gzip -dc, single member");
        Bytes.Equal(data, ExternalTool.Run("gzip", ["-dc"], GZip(data, Options(WarpZipFraming.IndexedMembers))), "gzip -dc, indexed members");
    }

    [Fact]
    public void GzipT_AcceptsFlushedWarpOutput()
    {
        byte[] data = TestData.Create(DataKind.Text, 3 * Chunk);
        using var output = new MemoryStream();
        using (var stream = new WarpGZipStream(output, CompressionLevel.Fastest, Options(), leaveOpen: true))
        {
            stream.Write(data, 0, 1000);
            stream.Flush();
            stream.Write(data, 1000, data.Length - 1000);
        }

        ExternalTool.Run("gzip", ["-t"], output.ToArray());
        Bytes.Equal(data, ExternalTool.Run("gzip", ["-dc"], output.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WarpReads_GzipOutput(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        foreach (string level in new[] { "-1", "-6", "-9" })
        {
            byte[] compressed = ExternalTool.Run("gzip", ["-c", "-n", level], data);
            var options = new WarpZipOptions { DegreeOfParallelism = 2, StrictValidation = true };
            Bytes.Equal(data, WarpDecompress(new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, options)), $"gzip {level}");
        }
    }

    [Fact]
    public void WarpReads_GzipOutput_WithFileName()
    {
        // gzip stores the file name (FNAME) and mtime when compressing a named file.
        byte[] data = TestData.Create(DataKind.Text, 100_000);
        string directory = Path.Combine(Path.GetTempPath(), "warpzip-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "payload.txt");
            File.WriteAllBytes(path, data);
            byte[] compressed = ExternalTool.Run("gzip", ["-c", "-N", path], []);
            Assert.Equal(0x08, compressed[3] & 0x08);
            Bytes.Equal(data, WarpDecompress(new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WarpReads_PigzOutput_AndPigzReadsWarp()
    {
        byte[] data = TestData.Create(DataKind.Text, 6 * Chunk + 3);

        // pigz: one member made of independently compressed 128 KiB blocks; -i resets the dictionary.
        foreach (string[] arguments in new[] { new[] { "-c", "-n", "-b", "128" }, new[] { "-c", "-n", "-i", "-b", "128" }, new[] { "-c", "-n", "-z" } })
        {
            byte[] compressed = ExternalTool.Run("pigz", arguments, data);
            using Stream stream = arguments[^1] == "-z"
                ? new WarpZLibStream(new MemoryStream(compressed), CompressionMode.Decompress, new WarpZipOptions { DegreeOfParallelism = 4, StrictValidation = true })
                : new WarpGZipStream(new MemoryStream(compressed), CompressionMode.Decompress, new WarpZipOptions { DegreeOfParallelism = 4, StrictValidation = true });
            Bytes.Equal(data, WarpDecompress(stream), $"pigz {string.Join(' ', arguments)}");
        }

        Bytes.Equal(data, ExternalTool.Run("pigz", ["-dc"], GZip(data, Options())), "pigz -dc, single member");
        Bytes.Equal(data, ExternalTool.Run("pigz", ["-dc"], GZip(data, Options(WarpZipFraming.IndexedMembers))), "pigz -dc, indexed");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PythonZlib_ReadsWarpZLibAndDeflate(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        byte[] zlib = WarpCompress(data, Options(), (s, o) => new WarpZLibStream(s, CompressionLevel.Optimal, o, leaveOpen: true));
        byte[] deflate = WarpCompress(data, Options(), (s, o) => new WarpDeflateStream(s, CompressionLevel.Optimal, o, leaveOpen: true));
        byte[] gzip = GZip(data, Options());

        Bytes.Equal(data, ExternalTool.Run("python3", ["-c", PythonZlib, "d", "15"], zlib), "python zlib");
        Bytes.Equal(data, ExternalTool.Run("python3", ["-c", PythonZlib, "d", "-15"], deflate), "python raw deflate");
        Bytes.Equal(data, ExternalTool.Run("python3", ["-c", PythonZlib, "d", "31"], gzip), "python gzip");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WarpReads_PythonZlibOutput(DataKind kind, int size)
    {
        byte[] data = TestData.Create(kind, size);
        var options = new WarpZipOptions { DegreeOfParallelism = 2, StrictValidation = true };
        byte[] zlib = ExternalTool.Run("python3", ["-c", PythonZlib, "c", "15"], data);
        byte[] deflate = ExternalTool.Run("python3", ["-c", PythonZlib, "c", "-15"], data);
        byte[] gzip = ExternalTool.Run("python3", ["-c", PythonZlib, "c", "31"], data);

        Bytes.Equal(data, WarpDecompress(new WarpZLibStream(new MemoryStream(zlib), CompressionMode.Decompress, options)), "zlib");
        Bytes.Equal(data, WarpDecompress(new WarpDeflateStream(new MemoryStream(deflate), CompressionMode.Decompress, options)), "raw deflate");
        Bytes.Equal(data, WarpDecompress(new WarpGZipStream(new MemoryStream(gzip), CompressionMode.Decompress, options)), "gzip");
    }
}
