using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>warpzip [options] [FILE...]: gzip's and pigz's command line.</summary>
public sealed class GzipInterfaceTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly byte[] _data = TestData.Text(3 * 1024 * 1024 + 17);

    public void Dispose() => _dir.Dispose();

    private ProcessResult Run(params string[] arguments) => Warpzip.Run(_dir.Path, null, arguments);

    [Fact]
    public void Compress_File_ReplacesItWithGz()
    {
        _dir.Write("data.txt", _data);
        ProcessResult result = Run("data.txt");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.Equal(["data.txt.gz"], _dir.Names());
        Gz.Equal(_data, Gz.Gunzip(_dir.Read("data.txt.gz")));
    }

    [Fact]
    public void Compress_KeepsModificationTime()
    {
        string path = _dir.Write("data.txt", _data);
        var mtime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, mtime);
        Assert.Equal(0, Run("data.txt").ExitCode);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(_dir.File("data.txt.gz")));
    }

    [Fact]
    public void Keep_LeavesTheInput()
    {
        _dir.Write("data.txt", _data);
        Assert.Equal(0, Run("-k", "data.txt").ExitCode);
        Assert.Equal(["data.txt", "data.txt.gz"], _dir.Names());
        Gz.Equal(_data, _dir.Read("data.txt"));
    }

    [Fact]
    public void Stdout_WritesCompressedDataAndKeepsTheInput()
    {
        _dir.Write("data.txt", _data);
        ProcessResult result = Run("-c", "data.txt");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["data.txt"], _dir.Names());
        Gz.Equal(_data, Gz.Gunzip(result.Stdout));
    }

    [Fact]
    public void Stdout_WithSeveralFiles_ConcatenatesMembers()
    {
        byte[] second = TestData.Text(1000, seed: 2);
        _dir.Write("a", _data);
        _dir.Write("b", second);
        ProcessResult result = Run("-c", "a", "b");
        Assert.Equal(0, result.ExitCode);
        Gz.Equal([.. _data, .. second], Gz.Gunzip(result.Stdout));
    }

    [Fact]
    public void ExistingOutput_IsNotOverwrittenWithoutForce()
    {
        _dir.Write("data.txt", _data);
        _dir.Write("data.txt.gz", [1, 2, 3]);
        ProcessResult result = Run("data.txt");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data.txt.gz already exists", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], _dir.Read("data.txt.gz"));
        Gz.Equal(_data, _dir.Read("data.txt"));
    }

    [Fact]
    public void Force_OverwritesExistingOutput()
    {
        _dir.Write("data.txt", _data);
        _dir.Write("data.txt.gz", [1, 2, 3]);
        Assert.Equal(0, Run("-f", "data.txt").ExitCode);
        Assert.Equal(["data.txt.gz"], _dir.Names());
        Gz.Equal(_data, Gz.Gunzip(_dir.Read("data.txt.gz")));
    }

    [Fact]
    public void Decompress_ExistingOutput_IsNotOverwrittenWithoutForce()
    {
        _dir.Write("data.gz", Peers.Ok("gzip", _data, "-c"));
        _dir.Write("data", [9]);
        ProcessResult result = Run("-d", "data.gz");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("already exists", result.Stderr, StringComparison.Ordinal);
        Assert.Equal([9], _dir.Read("data"));
        Assert.Equal(0, Run("-df", "data.gz").ExitCode);
        Gz.Equal(_data, _dir.Read("data"));
        Assert.Equal(["data"], _dir.Names());
    }

    [Theory]
    [InlineData("data.gz", "data")]
    [InlineData("data.z", "data")]
    [InlineData("data-gz", "data")]
    [InlineData("data.tgz", "data.tar")]
    [InlineData("DATA.GZ", "DATA")]
    public void Decompress_StripsTheSuffix(string compressed, string expected)
    {
        _dir.Write(compressed, Peers.Ok("gzip", _data, "-c"));
        ProcessResult result = Run("-d", compressed);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([expected], _dir.Names());
        Gz.Equal(_data, _dir.Read(expected));
    }

    [Fact]
    public void Decompress_UnknownSuffix_IsWarnedAboutAndLeftAlone()
    {
        byte[] compressed = Peers.Ok("gzip", _data, "-c");
        _dir.Write("data.bin", compressed);
        ProcessResult result = Run("-d", "data.bin");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("warpzip: data.bin: unknown suffix -- ignored", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["data.bin"], _dir.Names());
    }

    [Fact]
    public void Compress_AlreadyCompressedName_IsLeftUnchanged()
    {
        _dir.Write("data.gz", _data);
        ProcessResult result = Run("data.gz");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("already has .gz suffix -- unchanged", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["data.gz"], _dir.Names());
    }

    [Fact]
    public void Suffix_IsUsedBothWays()
    {
        _dir.Write("data", _data);
        Assert.Equal(0, Run("-S", ".wz", "data").ExitCode);
        Assert.Equal(["data.wz"], _dir.Names());
        Assert.Equal(0, Run("-d", "--suffix=.wz", "data.wz").ExitCode);
        Assert.Equal(["data"], _dir.Names());
        Gz.Equal(_data, _dir.Read("data"));
    }

    [Fact]
    public void CombinedFlags_dc_DecompressToStdout()
    {
        _dir.Write("data.gz", Peers.Ok("gzip", _data, "-c"));
        ProcessResult result = Run("-dc", "data.gz");
        Assert.Equal(0, result.ExitCode);
        Gz.Equal(_data, result.Stdout);
        Assert.Equal(["data.gz"], _dir.Names());
    }

    [Fact]
    public void CombinedFlags_kv9_KeepReportAndUseTheBestLevel()
    {
        _dir.Write("data", _data);
        ProcessResult result = Run("-kv9", "data");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("data:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("created data.gz", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["data", "data.gz"], _dir.Names());
        byte[] fastest = Run("-c1", "data").Stdout;
        Assert.True(_dir.Read("data.gz").Length < fastest.Length, "-9 should be smaller than -1");
    }

    [Fact]
    public void DoubleDash_EndsOptions()
    {
        _dir.Write("-v", _data);
        ProcessResult result = Run("-k", "--", "-v");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["-v", "-v.gz"], _dir.Names());
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void NoFile_CompressesStdinToStdout()
    {
        ProcessResult result = Warpzip.Run(_dir.Path, _data);
        Assert.Equal(0, result.ExitCode);
        Gz.Equal(_data, Gz.Gunzip(result.Stdout));
        Assert.Empty(_dir.Names());
    }

    [Fact]
    public void Dash_MeansStdin()
    {
        byte[] compressed = Peers.Ok("gzip", _data, "-c");
        ProcessResult result = Warpzip.Run(_dir.Path, compressed, "-d", "-");
        Assert.Equal(0, result.ExitCode);
        Gz.Equal(_data, result.Stdout);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-2")]
    [InlineData("-5")]
    [InlineData("-6")]
    [InlineData("-8")]
    [InlineData("-9")]
    [InlineData("--fast")]
    [InlineData("--best")]
    public void Levels_ProduceStandardGzip(string level)
    {
        byte[] compressed = Warpzip.Ok(_data, level, "-c");
        Gz.Equal(_data, Gz.Gunzip(compressed), level);
    }

    [Fact]
    public void Output_DoesNotDependOnThreadCount()
    {
        byte[] one = Warpzip.Ok(_data, "-p", "1");
        byte[] four = Warpzip.Ok(_data, "-p4");
        byte[] many = Warpzip.Ok(_data, "--processes=16");
        Gz.Equal(one, four, "-p 1 vs -p 4");
        Gz.Equal(one, many, "-p 1 vs -p 16");
    }

    [Fact]
    public void SeveralFiles_OneMissing_TheOthersAreStillDone()
    {
        _dir.Write("a", _data);
        _dir.Write("b", _data);
        ProcessResult result = Run("a", "missing", "b");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warpzip: missing: No such file or directory", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a.gz", "b.gz"], _dir.Names());
    }

    [Fact]
    public void Directory_IsIgnoredWithAWarning()
    {
        Directory.CreateDirectory(_dir.File("sub"));
        ProcessResult result = Run("sub");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sub is a directory -- ignored", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--no-such-option")]
    [InlineData("-p")]
    [InlineData("-p0")]
    [InlineData("--format=lzma")]
    public void BadCommandLine_ExitsWith1(string argument)
    {
        ProcessResult result = Run(argument);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("warpzip: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_And_Version()
    {
        ProcessResult help = Run("-h");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage: warpzip", help.StdoutText, StringComparison.Ordinal);
        Assert.Contains("-z|-g", help.StdoutText, StringComparison.Ordinal);
        Assert.Equal(help.StdoutText, Run("--help").StdoutText);
        ProcessResult version = Run("-V");
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("warpzip ", version.StdoutText, StringComparison.Ordinal);
        Assert.Equal(version.StdoutText, Run("--version").StdoutText);
    }

    [Fact]
    public void HardwareBackend_FailsCleanly_WithoutAnAccelerator()
    {
        _dir.Write("data", _data);
        ProcessResult result = Run("--backend", "hardware", "data");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warpzip: data: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("hardware", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["data"], _dir.Names());
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("software")]
    public void SoftwareBackends_Work(string backend)
    {
        byte[] compressed = Warpzip.Ok(_data, "--backend", backend);
        Gz.Equal(_data, Warpzip.Ok(compressed, "-d", "--backend=" + backend));
    }

    [Fact]
    public void ZlibFormat_FilesAndPython()
    {
        _dir.Write("data", _data);
        Assert.Equal(0, Run("-k", "--format", "zlib", "data").ExitCode);
        Assert.Equal(["data", "data.zz"], _dir.Names());
        Gz.Equal(_data, Gz.Python("d", "zlib", _dir.Read("data.zz")));
        File.Delete(_dir.File("data"));
        Assert.Equal(0, Run("-d", "--format=zlib", "data.zz").ExitCode);
        Gz.Equal(_data, _dir.Read("data"));
    }

    [Fact]
    public void DeflateFormat_RoundTripsWithPython()
    {
        byte[] raw = Warpzip.Ok(_data, "--format", "deflate");
        Gz.Equal(_data, Gz.Python("d", "raw", raw));
        Gz.Equal(_data, Warpzip.Ok(Gz.Python("c", "raw", _data), "-d", "--format", "deflate"));
    }

    [Fact]
    public void IndexedFraming_WritesOneMemberPerChunk()
    {
        byte[] compressed = Warpzip.Ok(_data, "--framing", "indexed", "--chunk-size", "1M");
        Gz.Equal(_data, Gz.Gunzip(compressed));
        var rows = Gz.ParseList(Warpzip.Run(compressed, "-l").StdoutText);
        Assert.Equal(4, rows.Single().Members);
        var single = Gz.ParseList(Warpzip.Run(Warpzip.Ok(_data, "--framing=single"), "-l").StdoutText);
        Assert.Equal(1, single.Single().Members);
    }

    [Fact]
    public void StatsJson_ReportsWhatRan()
    {
        ProcessResult result = Warpzip.Run(_data, "--stats=json", "-p", "2");
        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stderr);
        JsonElement root = json.RootElement;
        Assert.Equal("compress", root.GetProperty("operation").GetString());
        Assert.Equal("gzip", root.GetProperty("format").GetString());
        Assert.Equal(_data.Length, root.GetProperty("bytes_in").GetInt64());
        Assert.Equal(result.Stdout.Length, root.GetProperty("bytes_out").GetInt64());
        Assert.Contains("software", root.GetProperty("engine").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, root.GetProperty("chunks").GetInt64());
        Assert.InRange(root.GetProperty("ratio").GetDouble(), 0.01, 0.99);
        Assert.True(root.GetProperty("throughput_bytes_per_second").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("fallback_reasons").ValueKind);
        // No uacce devices on machines without the accelerator: the reason says so.
        if (!System.IO.Directory.Exists("/sys/class/uacce"))
        {
            Assert.Equal("NoDevice", Assert.Single(root.GetProperty("fallback_reasons").EnumerateArray()).GetString());
        }

        ProcessResult back = Warpzip.Run(result.Stdout, "-d", "--stats=json");
        using JsonDocument decompress = JsonDocument.Parse(back.Stderr);
        Assert.Equal("decompress", decompress.RootElement.GetProperty("operation").GetString());
        Assert.Equal(_data.Length, decompress.RootElement.GetProperty("bytes_out").GetInt64());
    }

    [Fact]
    public void StatsText_IsReadable()
    {
        ProcessResult result = Warpzip.Run(_data, "--stats");
        Assert.Equal(0, result.ExitCode);
        foreach (string field in new[] { "bytes in", "bytes out", "ratio", "throughput", "engine", "chunks", "fallbacks" })
        {
            Assert.Contains(field, result.Stderr, StringComparison.Ordinal);
        }
    }
}
