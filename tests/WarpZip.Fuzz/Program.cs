using System;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using SharpFuzz;
using WarpZip.DeviceModel;

namespace WarpZip.Fuzz;

/// <summary>
/// Entry points: <c>libfuzzer</c> and <c>afl</c> run <see cref="FuzzTarget.Run"/> under the fuzzer
/// (tests/fuzz/run-libfuzzer.sh, tests/fuzz/run-afl.sh); <c>replay</c> runs files through the target
/// and prints what happened; <c>smoke</c> is an uninstrumented bounded mutation run; <c>bcl</c> prints
/// what System.IO.Compression does with each file (the tests' strict-mode oracle, since the AppContext
/// switch can only be set before the first compression stream of a process).
/// </summary>
internal static class Program
{
    private const string StrictSwitch = "System.IO.Compression.UseStrictValidation";

    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "help";
        switch (mode)
        {
            case "libfuzzer":
                Fuzzer.LibFuzzer.Run(span => FuzzTarget.Run(span));
                return 0;
            case "afl":
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    FuzzTarget.Run(buffer.ToArray());
                });
                return 0;
            case "replay" when args.Length >= 2:
                return Replay(args[1..]);
            case "smoke" when args.Length >= 2:
                return Smoke.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
                    args.Length >= 3 ? args[2] : null);
            case "bcl" when args.Length >= 2:
                // Set before any compression type is touched: .NET reads the switch once.
                bool strict = args.Length >= 3 && args[2] == "--strict";
                AppContext.SetSwitch(StrictSwitch, strict);
                return Bcl(args[1]);
            default:
                Console.Error.WriteLine("usage: WarpZip.Fuzz libfuzzer | afl | replay FILE... | smoke SECONDS [CRASHDIR] | bcl DIR [--strict]");
                return 2;
        }
    }

    private static int Replay(string[] paths)
    {
        int failures = 0;
        foreach (string path in paths)
        {
            foreach (string file in Directory.Exists(path) ? Directory.GetFiles(path) : [path])
            {
                try
                {
                    FuzzTarget.Run(File.ReadAllBytes(file));
                    Console.WriteLine($"{Path.GetFileName(file)}\tok");
                }
#pragma warning disable CA1031 // Replay reports every failure of the target.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures++;
                    Console.WriteLine($"{Path.GetFileName(file)}\tFAIL\t{e.GetType().FullName}: {e.Message}");
                }
            }
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>One line per file: name, then "OK sha256 length" or "EXC exception-type".</summary>
    private static int Bcl(string directory)
    {
        string[] files = Directory.GetFiles(directory);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            Stream decoder = Path.GetExtension(file) switch
            {
                ".gz" => new GZipStream(new MemoryStream(input), CompressionMode.Decompress),
                ".zlib" => new ZLibStream(new MemoryStream(input), CompressionMode.Decompress),
                ".deflate" => new DeflateStream(new MemoryStream(input), CompressionMode.Decompress),
                _ => throw new ArgumentException($"unknown format of {file}"),
            };
            try
            {
                using var output = new MemoryStream();
                using (decoder)
                {
                    decoder.CopyTo(output);
                }

                Console.WriteLine($"{Path.GetFileName(file)}\tOK\t{Convert.ToHexString(SHA256.HashData(output.ToArray()))}\t{output.Length}");
            }
#pragma warning disable CA1031 // The caller compares exception types.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Console.WriteLine($"{Path.GetFileName(file)}\tEXC\t{e.GetType().FullName}");
            }
        }

        return 0;
    }
}

/// <summary>
/// The fuzz target. Byte 0 picks the format and options; the rest is the compressed input. WarpZip may
/// throw only <see cref="InvalidDataException"/>, and where the matching System.IO.Compression stream
/// decodes the input completely WarpZip must produce the same bytes (and vice versa): anything else is
/// a finding and is thrown as <see cref="FuzzFindingException"/>.
/// </summary>
internal static class FuzzTarget
{
    /// <summary>Output beyond this is cut off on both sides, so a bomb cannot exhaust memory.</summary>
    private const int OutputCap = 8 * 1024 * 1024;

    private static readonly Lazy<HisiZipDeviceModel> Model = new(() => new HisiZipDeviceModel());

    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        byte selector = data[0];
        byte[] input = data[1..].ToArray();
        int format = selector % 3;
        int parallelism = ((selector / 3) % 3) switch { 0 => 1, 1 => 2, _ => 4 };
        bool strict = (selector & 0x20) != 0;
        bool deviceModel = (selector & 0x40) != 0;
        var options = new WarpZipOptions
        {
            DegreeOfParallelism = parallelism,
            ChunkSize = WarpZipOptions.MinChunkSize,
            StrictValidation = strict,
            MaxDecompressedBytes = OutputCap,
        };
        if (deviceModel)
        {
            options = options with { Devices = Model.Value };
        }

        (byte[]? warp, Exception? warpError) = Decode(Warp(format, input, options));
        if (warpError is not null and not InvalidDataException)
        {
            throw new FuzzFindingException($"WarpZip threw {warpError.GetType().Name}: {warpError.Message}", warpError);
        }

        if (strict)
        {
            return; // The in-process .NET oracle is not strict; the differential below holds for default mode.
        }

        (byte[]? bcl, Exception? bclError) = Decode(Bcl(format, input));
        bool capped = (warpError?.Message.Contains("MaxDecompressedBytes", StringComparison.Ordinal) ?? false) || bcl?.Length > OutputCap;
        if (capped)
        {
            return;
        }

        if ((warpError is null) != (bclError is null))
        {
            // The one documented difference: a zlib stream needing a dictionary is InvalidDataException in WarpZip.
            if (bclError?.GetType().Name == "ZLibException" && warpError is InvalidDataException)
            {
                return;
            }

            throw new FuzzFindingException(
                $"outcomes differ: WarpZip {(warpError is null ? $"decoded {warp!.Length} bytes" : $"threw {warpError.GetType().Name}")}, " +
                $".NET {(bclError is null ? $"decoded {bcl!.Length} bytes" : $"threw {bclError.GetType().Name}")}");
        }

        if (warp is not null && !warp.AsSpan().SequenceEqual(bcl))
        {
            throw new FuzzFindingException($"outputs differ: WarpZip {warp.Length} bytes, .NET {bcl!.Length} bytes");
        }
    }

    private static Stream Warp(int format, byte[] input, WarpZipOptions options) => format switch
    {
        0 => new WarpGZipStream(new MemoryStream(input), CompressionMode.Decompress, options),
        1 => new WarpZLibStream(new MemoryStream(input), CompressionMode.Decompress, options),
        _ => new WarpDeflateStream(new MemoryStream(input), CompressionMode.Decompress, options),
    };

    private static Stream Bcl(int format, byte[] input) => format switch
    {
        0 => new GZipStream(new MemoryStream(input), CompressionMode.Decompress),
        1 => new ZLibStream(new MemoryStream(input), CompressionMode.Decompress),
        _ => new DeflateStream(new MemoryStream(input), CompressionMode.Decompress),
    };

    private static (byte[]? Output, Exception? Error) Decode(Stream decoder)
    {
        try
        {
            using var output = new MemoryStream();
            using (decoder)
            {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = decoder.Read(buffer)) != 0)
                {
                    output.Write(buffer, 0, read);
                    if (output.Length > OutputCap)
                    {
                        break;
                    }
                }
            }

            return (output.ToArray(), null);
        }
#pragma warning disable CA1031 // The target classifies every exception.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, e);
        }
    }
}

/// <summary>A behaviour the target forbids: the fuzzer records the input that caused it.</summary>
internal sealed class FuzzFindingException : Exception
{
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
