using System;
using System.Globalization;
using System.Linq;
using System.Text;
using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>-t (test) and -l (list) on good and damaged files; gzip's messages and exit codes.</summary>
public sealed class IntegrityTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly byte[] _data = TestData.Text((2 * 1024 * 1024) + 99, seed: 3);
    private readonly byte[] _gz;

    public IntegrityTests() => _gz = Peers.Ok("gzip", _data, "-c", "-n");

    public void Dispose() => _dir.Dispose();

    private ProcessResult Run(params string[] arguments) => Warpzip.Run(_dir.Path, null, arguments);

    private static byte[] Patched(byte[] data, int offset, params byte[] bytes)
    {
        byte[] copy = data.ToArray();
        bytes.CopyTo(copy, offset < 0 ? copy.Length + offset : offset);
        return copy;
    }

    [Fact]
    public void Test_GoodFile_IsSilentAndKept()
    {
        _dir.Write("good.gz", _gz);
        ProcessResult result = Run("-t", "good.gz");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Empty(result.Stderr);
        Assert.Equal(["good.gz"], _dir.Names());
        ProcessResult verbose = Run("-tv", "good.gz");
        Assert.Contains("good.gz:\t OK", verbose.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_Stdin()
    {
        Assert.Equal(0, Warpzip.Run(_gz, "-t").ExitCode);
        ProcessResult bad = Warpzip.Run(_gz[..1000], "-t");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("warpzip: stdin: unexpected end of file", bad.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> Damage() => new()
    {
        { "truncated", 1, "unexpected end of file" },
        { "crc", 1, "invalid compressed data--crc error" },
        { "length", 1, "invalid compressed data--length error" },
        { "data", 1, "invalid compressed data--format violated" },
        { "notgzip", 1, "not in gzip format" },
        { "empty", 1, "unexpected end of file" },
        { "garbage", 2, "decompression OK, trailing garbage ignored" },
    };

    private byte[] Damaged(string kind) => kind switch
    {
        "truncated" => _gz[..(_gz.Length - 100)],
        "crc" => Patched(_gz, -8, 0xDE, 0xAD, 0xBE, 0xEF),
        "length" => Patched(_gz, -4, 0x01, 0x02, 0x03, 0x04),
        "data" => Patched(_gz, 5000, Enumerable.Repeat((byte)0xFF, 64).ToArray()),
        "notgzip" => _data[..5000],
        "empty" => [],
        "garbage" => [.. _gz, .. "trailing junk\n"u8.ToArray()],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Test_DamagedFile_NamesTheFileAndTheProblem(string kind, int exitCode, string message)
    {
        _dir.Write("bad.gz", Damaged(kind));
        ProcessResult result = Run("-t", "bad.gz");
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains($"warpzip: bad.gz: {message}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["bad.gz"], _dir.Names());
    }

    [Theory]
    [MemberData(nameof(Damage))]
    public void List_DamagedFile_NamesTheFileAndTheProblem(string kind, int exitCode, string message)
    {
        _dir.Write("bad.gz", Damaged(kind));
        ProcessResult result = Run("-l", "bad.gz");
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains($"warpzip: bad.gz: {message}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_TrailingZeros_AreIgnoredSilently()
    {
        _dir.Write("zeros.gz", [.. _gz, .. new byte[1000]]);
        ProcessResult result = Run("-t", "zeros.gz");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void List_GoodFile_ShowsSizesRatioMembersAndName()
    {
        _dir.Write("good.gz", _gz);
        ProcessResult result = Run("-l", "good.gz");
        Assert.Equal(0, result.ExitCode);
        string[] lines = result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("compressed", lines[0], StringComparison.Ordinal);
        Assert.Contains("uncompressed", lines[0], StringComparison.Ordinal);
        Assert.Contains("ratio", lines[0], StringComparison.Ordinal);
        Assert.Contains("members", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(Gz.ParseList(result.StdoutText));
        Assert.Equal(_gz.Length, row.Compressed);
        Assert.Equal(_data.Length, row.Uncompressed);
        Assert.Equal(1, row.Members);
        Assert.Equal("good", row.Name);
        Assert.EndsWith("%", row.Ratio, StringComparison.Ordinal);

        // gzip -l agrees on the sizes and the ratio for a one-member file under 4 GiB.
        string gzipRow = Encoding.ASCII.GetString(Peers.Ok("gzip", null, "-l", _dir.File("good.gz"))).Split('\n')[1];
        string[] fields = gzipRow.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(fields[0], row.Compressed.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(fields[1], row.Uncompressed.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(fields[2], row.Ratio);
    }

    [Fact]
    public void List_CountsMembers_AndTotalsSeveralFiles()
    {
        byte[] second = TestData.Text(70_000, seed: 9);
        _dir.Write("multi.gz", [.. _gz, .. Peers.Ok("pigz", second, "-c")]);
        _dir.Write("single.gz", _gz);
        ProcessResult result = Run("-l", "multi.gz", "single.gz");
        Assert.Equal(0, result.ExitCode);
        var rows = Gz.ParseList(result.StdoutText);
        Assert.Equal(3, rows.Length);
        Assert.Equal(2, rows[0].Members);
        Assert.Equal(_data.Length + second.Length, rows[0].Uncompressed);
        Assert.Equal("(totals)", rows[2].Name);
        Assert.Equal(3, rows[2].Members);
        Assert.Equal(rows[0].Compressed + rows[1].Compressed, rows[2].Compressed);
    }

    [Fact]
    public void List_Stdin_AndZlib()
    {
        var row = Assert.Single(Gz.ParseList(Warpzip.Run(_gz, "-l").StdoutText));
        Assert.Equal(_data.Length, row.Uncompressed);
        Assert.Equal("stdin", row.Name);

        byte[] zlib = Gz.Python("c", "zlib", _data);
        var zrow = Assert.Single(Gz.ParseList(Warpzip.Run(zlib, "-l", "--format", "zlib").StdoutText));
        Assert.Equal(_data.Length, zrow.Uncompressed);
        Assert.Equal(1, zrow.Members);
    }

    [Fact]
    public void Test_And_List_NeverWriteOrRemoveFiles()
    {
        _dir.Write("good.gz", _gz);
        Assert.Equal(0, Run("-t", "good.gz").ExitCode);
        Assert.Equal(0, Run("-l", "good.gz").ExitCode);
        Assert.Equal(["good.gz"], _dir.Names());
        Gz.Equal(_gz, _dir.Read("good.gz"));
    }
}
