using System;
using System.Text.Json;
using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>warpzip -z|-g [-d] [-q queues] [-b block_size] [-c requests_in_flight] &lt; in &gt; out (test_hisi_zip's options).</summary>
public sealed class HisiInterfaceTests
{
    private static readonly byte[] s_data = TestData.Text((3 * 1024 * 1024) + 5000, seed: 7);

    [Fact]
    public void Z_WritesZlibThatPythonReads()
    {
        byte[] compressed = Warpzip.Ok(s_data, "-z");
        Assert.Equal(0x78, compressed[0]);
        Gz.Equal(s_data, Gz.Python("d", "zlib", compressed));
    }

    [Fact]
    public void G_WritesStandardGzipThatGunzipAndPigzRead()
    {
        byte[] compressed = Warpzip.Ok(s_data, "-g");
        Gz.Equal(s_data, Gz.Gunzip(compressed));
        Gz.Equal(s_data, Peers.Ok("pigz", compressed, "-dc"));
        Gz.Equal(s_data, Gz.Python("d", "gzip", compressed));
    }

    [Theory]
    [InlineData("-z", "-d")]
    [InlineData("-g", "-d")]
    [InlineData("-zd", null)]
    [InlineData("-gd", null)]
    public void D_Decompresses(string format, string? decompress)
    {
        byte[] compressed = Warpzip.Ok(s_data, format[..2]);
        string[] arguments = decompress is null ? [format] : [format, decompress];
        Gz.Equal(s_data, Warpzip.Ok(compressed, arguments));
    }

    [Fact]
    public void D_ReadsOtherToolsOutput()
    {
        Gz.Equal(s_data, Warpzip.Ok(Peers.Ok("gzip", s_data, "-c"), "-g", "-d"));
        Gz.Equal(s_data, Warpzip.Ok(Gz.Python("c", "zlib", s_data), "-z", "-d"));
    }

    [Fact]
    public void G_WritesOneMemberPerBlock()
    {
        byte[] compressed = Warpzip.Ok(s_data, "-g", "-b", "512k");
        var row = Assert.Single(Gz.ParseList(Warpzip.Run(compressed, "-l").StdoutText));
        Assert.Equal((s_data.Length + (512 * 1024) - 1) / (512 * 1024), row.Members);
        Assert.Equal(s_data.Length, row.Uncompressed);
    }

    [Theory]
    [InlineData("65536", 65536)]
    [InlineData("64k", 65536)]
    [InlineData("128K", 131072)]
    [InlineData("1m", 1048576)]
    [InlineData("2M", 2097152)]
    [InlineData("4096", 65536)]
    [InlineData("512M", 67108864)]
    public void B_SetsTheBlockSize_ClampedAndWithSuffixes(string block, int chunk)
    {
        ProcessResult result = Warpzip.Run(s_data, "-g", "-b", block, "--stats=json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stderr);
        Assert.Equal(chunk, json.RootElement.GetProperty("chunk_size").GetInt32());
        Assert.Equal((s_data.Length + chunk - 1) / chunk, json.RootElement.GetProperty("chunks").GetInt64());
        Gz.Equal(s_data, Gz.Gunzip(result.Stdout));
    }

    [Fact]
    public void C_And_Q_AreRequestsInFlightAndQueues()
    {
        ProcessResult result = Warpzip.Run(s_data, "-z", "-q", "4", "-b", "256k", "-c", "3", "--stats=json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Stderr);
        JsonElement root = json.RootElement;
        Assert.Equal("test_hisi_zip", root.GetProperty("interface").GetString());
        Assert.Equal(4, root.GetProperty("queues").GetInt32());
        Assert.Equal(3, root.GetProperty("requests_in_flight").GetInt32());
        Assert.Equal(3, root.GetProperty("parallelism").GetInt32());
        Assert.Equal(262144, root.GetProperty("block_size").GetInt64());
        // No uacce devices on machines without the accelerator: the reason says so.
        if (!System.IO.Directory.Exists("/sys/class/uacce"))
        {
            Assert.Equal("NoDevice", Assert.Single(root.GetProperty("fallback_reasons").EnumerateArray()).GetString());
        }

        // Requests in flight change the speed, never the bytes.
        Gz.Equal(result.Stdout, Warpzip.Ok(s_data, "-z", "-b", "256k", "-c", "1"), "-c 3 vs -c 1");
        Gz.Equal(s_data, Gz.Python("d", "zlib", result.Stdout));
    }

    [Fact]
    public void TextStats_MentionQueues()
    {
        ProcessResult result = Warpzip.Run(s_data, "-g", "-q", "2", "--stats");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("queues 2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptOrTruncatedInput_IsAnError()
    {
        byte[] compressed = Warpzip.Ok(s_data, "-g");
        ProcessResult truncated = Warpzip.Run(compressed[..(compressed.Length / 2)], "-g", "-d");
        Assert.Equal(1, truncated.ExitCode);
        Assert.Contains("warpzip: stdin: unexpected end of file", truncated.Stderr, StringComparison.Ordinal);

        ProcessResult notGzip = Warpzip.Run(s_data, "-g", "-d");
        Assert.Equal(1, notGzip.ExitCode);
        Assert.Contains("warpzip: stdin: not in gzip format", notGzip.Stderr, StringComparison.Ordinal);

        ProcessResult notZlib = Warpzip.Run(s_data, "-z", "-d");
        Assert.Equal(1, notZlib.ExitCode);
        Assert.Contains("not in zlib format", notZlib.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-g", "file.txt")]
    [InlineData("-z", "-g")]
    [InlineData("-g", "-k")]
    [InlineData("-g", "-q")]
    [InlineData("-g", "-b", "lots")]
    [InlineData("-z", "-c", "0")]
    public void BadCommandLine_ExitsWith1(params string[] arguments)
    {
        ProcessResult result = Warpzip.Run(s_data, arguments);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("warpzip: ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void EmptyInput_RoundTrips()
    {
        byte[] compressed = Warpzip.Ok([], "-g");
        Assert.Empty(Gz.Gunzip(compressed));
        Assert.Empty(Warpzip.Ok(compressed, "-g", "-d"));
    }
}
