using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using WarpZip.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WarpZip.Tests.Robustness;

/// <summary>
/// The generated malformed and unusual streams (<see cref="MalformedStreams"/>) and the shared
/// conformance corpus, decoded by WarpZip and compared with .NET 10's streams: InvalidDataException
/// where .NET throws it, identical output where .NET succeeds, in default and strict mode. The one
/// documented difference: a zlib stream needing a dictionary is InvalidDataException, not .NET's
/// internal ZLibException.
/// </summary>
public sealed class MalformedStreamTests(ITestOutputHelper output)
{
    private const string InvalidData = "System.IO.InvalidDataException";
    private const string ZLibException = "System.IO.Compression.ZLibException";

    private static readonly Lazy<List<MalformedCase>> Cases = new(MalformedStreams.All);

    /// <summary>Decoder settings each case runs under: the caller's thread, and read-ahead with workers.</summary>
    private static readonly (int Parallelism, int ReadSize)[] Variants = [(1, 81920), (4, 81920), (2, 7)];

    [Fact]
    public void Generated_DefaultMode_MatchesDotNet()
    {
        List<MalformedCase> cases = Cases.Value;
        var failures = new List<string>();
        HangGuard.Run(() =>
        {
            foreach (MalformedCase c in cases)
            {
                Outcome expected = BclOracle.Run(() => Bytes.ReadAll(BclOracle.Decoder(c.Format, c.Bytes)));
                Check(c, expected, strict: false, failures);
            }
        });

        output.WriteLine($"{cases.Count} generated cases x {Variants.Length} decoder settings, default mode");
        AssertNone(failures);
    }

    [Fact]
    public void Generated_StrictMode_MatchesDotNetStrict_InAChildProcess()
    {
        List<MalformedCase> cases = Cases.Value;
        Dictionary<string, Outcome> strict = BclOracle.InChildProcess(cases, strict: true);
        var failures = new List<string>();
        HangGuard.Run(() =>
        {
            foreach (MalformedCase c in cases)
            {
                Check(c, strict[c.Name], strict: true, failures);
            }
        });

        output.WriteLine($"{cases.Count} generated cases x {Variants.Length} decoder settings, strict mode; " +
            $".NET strict threw on {strict.Values.Count(o => !o.Ok)}");
        AssertNone(failures);
    }

    [Fact]
    public void Oracle_ChildProcessDefaultMode_AgreesWithThisProcess()
    {
        // Guards the oracle itself: without the switch, the child sees what this process sees.
        List<MalformedCase> cases = Cases.Value.Where((_, i) => i % 4 == 0).ToList();
        Dictionary<string, Outcome> child = BclOracle.InChildProcess(cases, strict: false);
        foreach (MalformedCase c in cases)
        {
            Assert.Equal(BclOracle.Run(() => Bytes.ReadAll(BclOracle.Decoder(c.Format, c.Bytes))), child[c.Name]);
        }
    }

    public static TheoryData<bool> Modes() => new() { false, true };

    [Theory]
    [MemberData(nameof(Modes))]
    public void ConformanceCorpus_MatchesTheManifestsDotNetOutcome(bool strict)
    {
        string directory = RobustnessPaths.ConformanceDirectory;
        string[] lines = File.ReadAllLines(Path.Combine(directory, "MANIFEST.tsv"));
        string[] header = lines[0].Split('\t');
        int column = Array.IndexOf(header, strict ? "dotnet_strict_outcome" : "dotnet_outcome");
        Assert.True(column > 0, "MANIFEST.tsv has no dotnet outcome column");
        var failures = new List<string>();
        int count = 0;
        HangGuard.Run(() =>
        {
            foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
            {
                string[] fields = line.Split('\t');
                string file = fields[0];
                string format = fields[1] switch { "gzip" => ".gz", "zlib" => ".zlib", _ => ".deflate" };
                Outcome expected = ParseManifestOutcome(fields[column]);
                byte[] bytes = File.ReadAllBytes(Path.Combine(directory, file));
                if (strict && bytes.Length == 0)
                {
                    // Documented difference (README): strict WarpZip calls no input at all truncated, as .NET's
                    // CopyTo does; the manifest recorded .NET's Read, which returns an empty stream.
                    expected = new Outcome(false, typeof(InvalidDataException).FullName!);
                }

                var c = new MalformedCase(Path.GetFileNameWithoutExtension(file) + format, bytes);
                Check(c, expected, strict, failures);
                count++;
            }
        });

        output.WriteLine($"{count} corpus files x {Variants.Length} decoder settings, strict={strict}");
        Assert.True(count > 100, $"only {count} corpus entries");
        AssertNone(failures);
    }

    [Fact]
    public void IndexedMember_WithAWrongIndex_IsRejected_WhereDotNetDecodesIt()
    {
        // Documented in the README: a reader that trusts the index checks it. .NET sees ordinary gzip.
        byte[] data = TestData.Create(DataKind.Text, 3 * TestData.Chunk, seed: 3);
        using var compressed = new MemoryStream();
        using (var gzip = new WarpGZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest,
            new WarpZipOptions { ChunkSize = TestData.Chunk, Framing = WarpZipFraming.IndexedMembers }, leaveOpen: true))
        {
            gzip.Write(data);
        }

        byte[] bytes = compressed.ToArray();
        bytes[20] ^= 0x01; // the first member's recorded uncompressed length
        Bytes.Equal(data, Bytes.ReadAll(BclOracle.Decoder(".gz", bytes)), ".NET");
        Assert.Throws<InvalidDataException>(() => Bytes.ReadAll(BclOracle.Warp(".gz", new MemoryStream(bytes), new WarpZipOptions { DegreeOfParallelism = 4 })));
    }

    private static Outcome ParseManifestOutcome(string text)
    {
        if (text.StartsWith("ok ", StringComparison.Ordinal))
        {
            string hash = text.Split(' ').Single(f => f.StartsWith("sha256=", StringComparison.Ordinal))["sha256=".Length..];
            return new Outcome(true, hash.ToUpperInvariant());
        }

        Assert.StartsWith("EXC ", text);
        return new Outcome(false, text[4..text.IndexOf(':', StringComparison.Ordinal)]);
    }

    private static void Check(MalformedCase c, Outcome expected, bool strict, List<string> failures)
    {
        foreach ((int parallelism, int readSize) in Variants)
        {
            var options = new WarpZipOptions { DegreeOfParallelism = parallelism, ChunkSize = TestData.Chunk, StrictValidation = strict };
            Outcome actual = BclOracle.Run(() => ReadAll(BclOracle.Warp(c.Format, new MemoryStream(c.Bytes), options), readSize));
            string? problem = expected switch
            {
                { Ok: true } when actual != expected => $"expected {expected}, WarpZip {actual}",
                { Ok: false, Detail: InvalidData or ZLibException } when actual.Detail != InvalidData => $".NET threw {expected.Detail}, WarpZip {actual}",
                { Ok: false } when expected.Detail is not (InvalidData or ZLibException) && actual != expected => $".NET threw {expected.Detail}, WarpZip {actual}",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{c.Name} (strict={strict}, DegreeOfParallelism {parallelism}, reads of {readSize}): {problem}");
            }
        }
    }

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        using (stream)
        {
            using var result = new MemoryStream();
            byte[] buffer = new byte[readSize];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) != 0)
            {
                result.Write(buffer, 0, read);
            }

            return result.ToArray();
        }
    }

    private static void AssertNone(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n{string.Join('\n', failures.Take(40))}");

    internal static string Sha(byte[] data) => Convert.ToHexString(SHA256.HashData(data));
}
