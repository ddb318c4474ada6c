using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using WarpZip.Tool.Tests.Infrastructure;

namespace WarpZip.Tool.Tests;

/// <summary>
/// A few hundred MiB made on the fly, piped through <c>warpzip -c | warpzip -dc</c>: the output must hash
/// like the input, and neither process may hold more than a bounded amount of memory whatever the size.
/// </summary>
public sealed class LargeStreamTests : IDisposable
{
    private const int Blocks = 256; // MiB
    private const long MemoryBoundKiB = 300 * 1024;

    // Runs argv[2:] and writes its peak resident set (ru_maxrss, KiB: VmHWM) to argv[1].
    private const string PeakRss = """
        import resource, subprocess, sys
        code = subprocess.call(sys.argv[2:])
        with open(sys.argv[1], 'w') as f:
            f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
        sys.exit(code)
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HundredsOfMiB_ThroughAPipe_RoundTripInBoundedMemory()
    {
        Peers.Require("python3");
        string compressRss = _dir.File("compress.rss");
        string decompressRss = _dir.File("decompress.rss");
        using Process compress = Processes.Start("python3", ["-c", PeakRss, compressRss, "dotnet", Warpzip.Dll, "-c"]);
        using Process decompress = Processes.Start("python3", ["-c", PeakRss, decompressRss, "dotnet", Warpzip.Dll, "-dc"]);
        Task<string> compressErrors = compress.StandardError.ReadToEndAsync();
        Task<string> decompressErrors = decompress.StandardError.ReadToEndAsync();

        using var inputHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Task feed = Task.Run(async () =>
        {
            Stream stdin = compress.StandardInput.BaseStream;
            for (int i = 0; i < Blocks; i++)
            {
                byte[] block = BigInput.Block(i);
                inputHash.AppendData(block);
                await stdin.WriteAsync(block);
            }

            stdin.Close();
        });

        long compressedBytes = 0;
        Task pump = Task.Run(async () =>
        {
            Stream from = compress.StandardOutput.BaseStream;
            Stream to = decompress.StandardInput.BaseStream;
            byte[] buffer = new byte[256 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                compressedBytes += read;
                await to.WriteAsync(buffer.AsMemory(0, read));
            }

            to.Close();
        });

        using var outputHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long outputBytes = 0;
        Task drain = Task.Run(async () =>
        {
            Stream from = decompress.StandardOutput.BaseStream;
            byte[] buffer = new byte[256 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                outputHash.AppendData(buffer, 0, read);
                outputBytes += read;
            }
        });

        Task all = Task.WhenAll(feed, pump, drain);
        Task finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(5)));
        if (finished != all)
        {
            compress.Kill(entireProcessTree: true);
            decompress.Kill(entireProcessTree: true);
            Assert.Fail("the pipeline hung (hang guard, not a timing assertion)");
        }

        await all;
        await compress.WaitForExitAsync();
        await decompress.WaitForExitAsync();
        Assert.True(compress.ExitCode == 0, "warpzip -c: " + await compressErrors);
        Assert.True(decompress.ExitCode == 0, "warpzip -dc: " + await decompressErrors);
        Assert.Empty(await compressErrors);   // no progress bar on a pipe
        Assert.Empty(await decompressErrors);

        Assert.Equal((long)Blocks * BigInput.BlockSize, outputBytes);
        Assert.Equal(Convert.ToHexString(inputHash.GetHashAndReset()), Convert.ToHexString(outputHash.GetHashAndReset()));
        Assert.InRange(compressedBytes, 1, outputBytes / 2);

        long compressPeak = long.Parse(File.ReadAllText(compressRss), CultureInfo.InvariantCulture);
        long decompressPeak = long.Parse(File.ReadAllText(decompressRss), CultureInfo.InvariantCulture);
        Assert.True(compressPeak < MemoryBoundKiB, $"warpzip -c peaked at {compressPeak / 1024} MiB RSS");
        Assert.True(decompressPeak < MemoryBoundKiB, $"warpzip -dc peaked at {decompressPeak / 1024} MiB RSS");
    }
}
