using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Compression;
using System.Linq;

namespace WarpZip.Benchmarks;

/// <summary>
/// The parameter grid of the stream suites. The default is the full grid; <c>--formats</c>, <c>--levels</c>,
/// <c>--sizes</c> and <c>--kinds</c> (comma-separated) narrow it. They reach BenchmarkDotNet's child
/// processes through environment variables, as <c>--corpus</c> does.
/// </summary>
internal static class Grid
{
    private static readonly (string Option, string Variable)[] Options =
    [
        ("--formats", "WARPZIP_BENCH_FORMATS"),
        ("--levels", "WARPZIP_BENCH_LEVELS"),
        ("--sizes", "WARPZIP_BENCH_SIZES"),
        ("--kinds", "WARPZIP_BENCH_KINDS"),
    ];

    public static IEnumerable<Format> Formats => Pick("WARPZIP_BENCH_FORMATS", [Format.Gzip, Format.Zlib, Format.Deflate], s => Enum.Parse<Format>(s, ignoreCase: true));

    public static IEnumerable<CompressionLevel> Levels => Pick(
        "WARPZIP_BENCH_LEVELS",
        [CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize],
        s => Enum.Parse<CompressionLevel>(s, ignoreCase: true));

    public static IEnumerable<int> Sizes => Pick("WARPZIP_BENCH_SIZES", [1024, 64 * 1024, 1024 * 1024, 64 * 1024 * 1024], ParseSize);

    public static IEnumerable<DataKind> Kinds => Environment.GetEnvironmentVariable(Payloads.CorpusVariable) is not null
        ? [DataKind.Corpus]
        : Pick("WARPZIP_BENCH_KINDS", [DataKind.Text, DataKind.Binary, DataKind.Incompressible], s => Enum.Parse<DataKind>(s, ignoreCase: true));

    /// <summary>Moves the grid options out of <paramref name="args"/> into the environment; returns the rest, or null on a bad value.</summary>
    public static string[]? Apply(string[] args)
    {
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            (string Option, string Variable) match = Options.FirstOrDefault(o => o.Option == args[i]);
            if (match.Option is null)
            {
                rest.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"{args[i]} needs a comma-separated list");
                return null;
            }

            Environment.SetEnvironmentVariable(match.Variable, args[++i]);
        }

        try
        {
            // Parse once here so a typo fails before BenchmarkDotNet builds anything.
            _ = Formats.Count() + Levels.Count() + Sizes.Count() + Kinds.Count();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"bad grid option: {e.Message}");
            return null;
        }

        return [.. rest];
    }

    private static T[] Pick<T>(string variable, T[] all, Func<string, T> parse)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value)
            ? all
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray();
    }

    /// <summary>"1024", "64K", "1M" (KiB and MiB).</summary>
    private static int ParseSize(string text)
    {
        int multiplier = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1024,
            'M' => 1024 * 1024,
            _ => 1,
        };
        string digits = multiplier == 1 ? text : text[..^1];
        return checked(int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) * multiplier);
    }
}
