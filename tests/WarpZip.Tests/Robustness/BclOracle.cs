using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>What a decoder did with one input: its output's SHA-256, or the exception type it threw.</summary>
public readonly record struct Outcome(bool Ok, string Detail)
{
    public static Outcome Of(byte[] output) => new(true, Convert.ToHexString(SHA256.HashData(output)));

    public static Outcome Of(Exception error) => new(false, error.GetType().FullName!);

    public override string ToString() => Ok ? $"ok sha256={Detail[..12]}…" : $"threw {Detail}";
}

/// <summary>Paths the robustness suite needs: the repository, the shared conformance corpus, the fuzz harness.</summary>
public static class RobustnessPaths
{
    /// <summary>The folder holding WarpZip.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
            {
                if (File.Exists(Path.Combine(directory, "WarpZip.sln")))
                {
                    return directory;
                }
            }

            Assert.Fail($"No WarpZip.sln above {AppContext.BaseDirectory}.");
            return null!;
        }
    }

    /// <summary>../shared/conformance beside the clone; a test that needs it fails (never skips) without it.</summary>
    public static string ConformanceDirectory
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance"));
            Assert.True(File.Exists(Path.Combine(path, "MANIFEST.tsv")),
                $"The conformance corpus is missing: expected {path}/MANIFEST.tsv (shared/ must sit beside the clone, as in CI).");
            return path;
        }
    }

    /// <summary>The built fuzz harness (tests/WarpZip.Fuzz), which the test project builds first.</summary>
    public static string FuzzDll
    {
        get
        {
            string path = typeof(RobustnessPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "WarpZipFuzzDll").Value!;
            Assert.True(File.Exists(path), $"The fuzz harness is not built: {path} (dotnet build WarpZip.sln).");
            return path;
        }
    }
}

/// <summary>
/// System.IO.Compression's outcome for inputs. Default mode runs in this process; strict mode runs in
/// a child process (the fuzz harness's <c>bcl DIR --strict</c>), because .NET reads the AppContext
/// switch System.IO.Compression.UseStrictValidation once per process.
/// </summary>
public static class BclOracle
{
    public static Stream Decoder(string format, byte[] input) => format switch
    {
        ".gz" => new GZipStream(new MemoryStream(input), CompressionMode.Decompress),
        ".zlib" => new ZLibStream(new MemoryStream(input), CompressionMode.Decompress),
        ".deflate" => new DeflateStream(new MemoryStream(input), CompressionMode.Decompress),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static WarpCompressionStream Warp(string format, Stream input, WarpZipOptions options) => format switch
    {
        ".gz" => new WarpGZipStream(input, CompressionMode.Decompress, options),
        ".zlib" => new WarpZLibStream(input, CompressionMode.Decompress, options),
        ".deflate" => new WarpDeflateStream(input, CompressionMode.Decompress, options),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static Outcome Run(Func<byte[]> decode)
    {
        try
        {
            return Outcome.Of(decode());
        }
#pragma warning disable CA1031 // Outcomes record every exception type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Outcome.Of(e);
        }
    }

    /// <summary>Outcomes of .NET's streams for each case, in a child process; strict or default mode.</summary>
    public static Dictionary<string, Outcome> InChildProcess(IReadOnlyList<MalformedCase> cases, bool strict)
    {
        string directory = Path.Combine(Path.GetTempPath(), "warpzip-oracle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            foreach (MalformedCase c in cases)
            {
                File.WriteAllBytes(Path.Combine(directory, c.Name), c.Bytes);
            }

            var arguments = new List<string> { RobustnessPaths.FuzzDll, "bcl", directory };
            if (strict)
            {
                arguments.Add("--strict");
            }

            string output = System.Text.Encoding.UTF8.GetString(ExternalTool.Run("dotnet", arguments, []));
            var outcomes = new Dictionary<string, Outcome>(StringComparer.Ordinal);
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] fields = line.Split('\t');
                outcomes[fields[0]] = new Outcome(fields[1] == "OK", fields[2]);
            }

            Assert.Equal(cases.Count, outcomes.Count);
            return outcomes;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
