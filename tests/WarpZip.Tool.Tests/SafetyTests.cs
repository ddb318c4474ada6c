using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>No partial output, no lost input, no compressed data on a terminal, progress only on a terminal.</summary>
public sealed class SafetyTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly byte[] _data = TestData.Text((3 * 1024 * 1024) + 1, seed: 5);

    public void Dispose() => _dir.Dispose();

    private ProcessResult Run(params string[] arguments) => Warpzip.Run(_dir.Path, null, arguments);

    [Fact]
    public void DecompressingATruncatedFile_LeavesNoOutputAndKeepsTheInput()
    {
        byte[] compressed = Peers.Ok("gzip", _data, "-c");
        byte[] truncated = compressed[..(compressed.Length * 2 / 3)];
        _dir.Write("data.gz", truncated);
        ProcessResult result = Run("-d", "data.gz");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warpzip: data.gz: unexpected end of file", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["data.gz"], _dir.Names());
        Gz.Equal(truncated, _dir.Read("data.gz"));
    }

    [Fact]
    public void ACorruptFileAmongGoodOnes_FailsAloneAndLeavesNothingBehind()
    {
        byte[] good = Peers.Ok("gzip", _data, "-c");
        byte[] bad = good.ToArray();
        bad[^6] ^= 0xFF; // CRC
        _dir.Write("a.gz", good);
        _dir.Write("b.gz", bad);
        _dir.Write("c.gz", good);
        ProcessResult result = Run("-d", "a.gz", "b.gz", "c.gz");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warpzip: b.gz: invalid compressed data--crc error", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a", "b.gz", "c"], _dir.Names());
        Gz.Equal(_data, _dir.Read("a"));
        Gz.Equal(_data, _dir.Read("c"));
    }

    [Fact]
    public void DecompressingAnything_NonGzip_KeepsTheInput()
    {
        _dir.Write("plain.gz", _data);
        ProcessResult result = Run("-d", "plain.gz");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warpzip: plain.gz: not in gzip format", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["plain.gz"], _dir.Names());
    }

    [Fact]
    public void ForceToStdout_CopiesNonGzipInputUnchanged_LikeZcat()
    {
        _dir.Write("plain.txt", _data);
        ProcessResult result = Run("-dcf", "plain.txt");
        Assert.Equal(0, result.ExitCode);
        Gz.Equal(_data, result.Stdout);
    }

    [Fact]
    public void CompressedDataIsNotWrittenToATerminal_UnlessForced()
    {
        string input = _dir.Write("in", _data);
        ProcessResult refused = Pty.Run(_dir.Path, "stdout", input, "-c", "in");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("compressed data not written to a terminal", refused.Stderr, StringComparison.Ordinal);
        Assert.False(ContainsGzipMagic(refused.Stdout), "compressed data reached the terminal");

        ProcessResult stdin = Pty.Run(_dir.Path, "stdout", input);
        Assert.Equal(1, stdin.ExitCode);
        Assert.Contains("compressed data not written to a terminal", stdin.Stderr, StringComparison.Ordinal);
        ProcessResult hisi = Pty.Run(_dir.Path, "stdout", input, "-g");
        Assert.Equal(1, hisi.ExitCode);
        Assert.Contains("compressed data not written to a terminal", hisi.Stderr, StringComparison.Ordinal);

        ProcessResult forced = Pty.Run(_dir.Path, "stdout", input, "-f");
        Assert.Equal(0, forced.ExitCode);
        Assert.True(ContainsGzipMagic(forced.Stdout), "-f should write the compressed data");
        Assert.Equal(["in"], _dir.Names());
    }

    // The runtime may write terminal set-up sequences of its own; compressed data starts with 1F 8B.
    private static bool ContainsGzipMagic(byte[] output) => output.AsSpan().IndexOf([(byte)0x1F, (byte)0x8B]) >= 0;

    [Fact]
    public void DecompressedDataMayGoToATerminal()
    {
        string input = _dir.Write("in.gz", Peers.Ok("gzip", "hello terminal\n"u8.ToArray(), "-c"));
        ProcessResult result = Pty.Run(_dir.Path, "stdout", input, "-d");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hello terminal", result.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressBar_OnlyOnATerminal_AndOnlyForLargeInputs()
    {
        string big = _dir.File("big");
        BigInput.WriteFile(big, 80);
        ProcessResult terminal = Pty.Run(_dir.Path, "stderr", big, "-c", "-1", "big");
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains("ETA", terminal.StdoutText, StringComparison.Ordinal);
        Assert.Contains("MiB/s", terminal.StdoutText, StringComparison.Ordinal);
        Assert.Contains("%", terminal.StdoutText, StringComparison.Ordinal);

        ProcessResult quiet = Pty.Run(_dir.Path, "stderr", big, "-c", "-1", "-q", "big");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Empty(quiet.Stdout);

        string small = _dir.Write("small", _data);
        ProcessResult smallInput = Pty.Run(_dir.Path, "stderr", small, "-c", "small");
        Assert.Equal(0, smallInput.ExitCode);
        Assert.Empty(smallInput.Stdout);

        ProcessResult pipe = Warpzip.Run(_dir.Path, null, "-c", "-1", "big");
        Assert.Equal(0, pipe.ExitCode);
        Assert.Empty(pipe.Stderr);
    }

    [Fact]
    public void Sigterm_WhileCompressing_RemovesTheTemporaryFileAndKeepsTheInput()
    {
        string big = _dir.File("big");
        BigInput.WriteFile(big, 160);
        long length = new FileInfo(big).Length;
        using Process process = Processes.Start("dotnet", [Warpzip.Dll, "-9", "-p", "1", "big"], _dir.Path);
        process.StandardInput.Close();
        while (!_dir.Names().Any(n => n.EndsWith(".warpzip-tmp", StringComparison.Ordinal)) && !process.HasExited)
        {
            Thread.Sleep(20);
        }

        Assert.False(process.HasExited, "the tool finished before it could be interrupted");
        Peers.Python("import os, signal, sys; os.kill(int(sys.argv[1]), signal.SIGTERM)", null,
            process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the tool did not stop on SIGTERM");
        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal(["big"], _dir.Names());
        Assert.Equal(length, new FileInfo(big).Length);
    }
}
