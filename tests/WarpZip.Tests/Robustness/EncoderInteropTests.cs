using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>
/// Streams made at test time by other encoders (gzip, pigz, libdeflate-gzip, igzip, zopfli, python's
/// zlib), each decoded by WarpZip byte-exact, on the caller's thread and with read-ahead. A missing
/// tool fails the test with what to install (test.sh installs them: gzip pigz libdeflate-tools isal zopfli python3).
/// </summary>
public sealed class EncoderInteropTests
{
    private static readonly byte[] Payload = Bytes.Concat(
        TestData.Create(DataKind.Text, 200_000, seed: 41),
        TestData.Create(DataKind.Binary, 100_000, seed: 42),
        TestData.Create(DataKind.Random, 20_000, seed: 43),
        TestData.Create(DataKind.Zeros, 50_000));

    public static TheoryData<string, string, string> Encoders()
    {
        var data = new TheoryData<string, string, string>();
        for (int level = 1; level <= 9; level++)
        {
            data.Add("gzip", $"-c -{level} -n", ".gz");
        }

        foreach (int level in new[] { 1, 6, 9, 11 })
        {
            data.Add("pigz", $"-c -{level} -p 2 -b 128", ".gz");
        }

        data.Add("pigz", "-c -6 -i -b 128", ".gz"); // independent blocks
        data.Add("pigz", "-c -6 -z -b 128", ".zlib");
        for (int level = 1; level <= 12; level++)
        {
            data.Add("libdeflate-gzip", $"-c -{level}", ".gz");
        }

        for (int level = 0; level <= 3; level++)
        {
            data.Add("igzip", $"-c -{level}", ".gz");
        }

        data.Add("zopfli", "-c --i1 --gzip", ".gz");
        data.Add("zopfli", "-c --i1 --zlib", ".zlib");
        data.Add("zopfli", "-c --i1 --deflate", ".deflate");
        return data;
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void OtherEncoder_DecodesByteExact(string tool, string arguments, string format)
    {
        // zopfli is slow: it gets a smaller slice of the same payload.
        byte[] payload = tool == "zopfli" ? Payload[..60_000] : Payload;
        byte[] compressed = RunOnFile(tool, arguments.Split(' '), payload);
        AssertDecodes(payload, compressed, format, $"{tool} {arguments}");
    }

    [Fact]
    public void PythonZlib_AcrossWindowSizesLevelsAndStrategies_DecodesByteExact()
    {
        // One python process writes every variant: wbits 9..15 (zlib), -9..-15 (raw), 25..31 (gzip),
        // levels 0/1/6/9, memLevel 1/8/9, strategies default, filtered, huffman-only, RLE, fixed.
        string directory = Path.Combine(Path.GetTempPath(), "warpzip-pyzlib-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "input"), Payload[..120_000]);
            const string Script = """
                import os, sys, zlib
                d = sys.argv[1]
                data = open(os.path.join(d, 'input'), 'rb').read()
                n = 0
                for wbits in list(range(9, 16)) + [-w for w in range(9, 16)] + [16 + w for w in range(9, 16)]:
                    for level in (0, 1, 6, 9):
                        for strategy in (0, 1, 2, 3, 4):
                            for mem in ((1, 9) if level == 6 and strategy == 0 else (8,)):
                                c = zlib.compressobj(level, zlib.DEFLATED, wbits, mem, strategy)
                                out = c.compress(data[:50000]) + c.flush(zlib.Z_SYNC_FLUSH) + c.compress(data[50000:]) + c.flush()
                                ext = 'gz' if wbits > 15 else ('deflate' if wbits < 0 else 'zlib')
                                open(os.path.join(d, f'w{wbits}_l{level}_s{strategy}_m{mem}.{ext}'), 'wb').write(out)
                                n += 1
                print(n)
                """;
            byte[] printed = ExternalTool.Run("python3", ["-c", Script, directory], []);
            int count = int.Parse(System.Text.Encoding.ASCII.GetString(printed).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            string[] files = Directory.GetFiles(directory).Where(f => Path.GetFileName(f) != "input").ToArray();
            Assert.Equal(count, files.Length);
            Assert.True(count >= 400, $"only {count} python variants");
            foreach (string file in files)
            {
                AssertDecodes(Payload[..120_000], File.ReadAllBytes(file), Path.GetExtension(file), "python zlib " + Path.GetFileName(file));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertDecodes(byte[] payload, byte[] compressed, string format, string what)
    {
        foreach (int parallelism in new[] { 1, 4 })
        {
            var options = new WarpZipOptions { DegreeOfParallelism = parallelism, ChunkSize = TestData.Chunk, StrictValidation = true };
            byte[] decoded = Bytes.ReadAll(BclOracle.Warp(format, new MemoryStream(compressed), options));
            Bytes.Equal(payload, decoded, $"{what}, DegreeOfParallelism {parallelism}");
        }
    }

    /// <summary>Runs a tool on a temporary file (zopfli reads no stdin) and returns its stdout.</summary>
    private static byte[] RunOnFile(string tool, IEnumerable<string> arguments, byte[] input)
    {
        string file = Path.Combine(Path.GetTempPath(), "warpzip-encoder-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(file, input);
        try
        {
            return ExternalTool.Run(tool, [.. arguments, file], []);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
