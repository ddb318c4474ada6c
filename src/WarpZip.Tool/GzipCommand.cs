using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace WarpZip.Tool;

/// <summary>
/// gzip's and pigz's interface: compress (-default), decompress (-d) or test (-t) each FILE, or stdin
/// to stdout. Output files are written beside the input under a temporary name and renamed when
/// complete; the input is removed only after that (unless -k, -c or -t).
/// </summary>
internal static class GzipCommand
{
    private const string Stdin = "-";

    public static int Run(Options options)
    {
        if (options.Operation == Operation.List)
        {
            return ListCommand.Run(options);
        }

        if (options.Files.Count == 0)
        {
            options.Files.Add(Stdin);
        }

        bool writesStdout = options.ToStdout || options.Files.Contains(Stdin);
        bool readsStdin = options.Files.Contains(Stdin);
        if (options.Operation == Operation.Compress && writesStdout && !Console.IsOutputRedirected && !options.Force)
        {
            Report.Fail("compressed data not written to a terminal. Use -f to force compression.\nFor help, type: warpzip -h");
            return Report.ExitCode;
        }

        if (options.Operation != Operation.Compress && readsStdin && !Console.IsInputRedirected && !options.Force)
        {
            Report.Fail("compressed data not read from a terminal. Use -f to force decompression.\nFor help, type: warpzip -h");
            return Report.ExitCode;
        }

        using Stream stdout = Console.OpenStandardOutput();
        foreach (string file in options.Files)
        {
            if (file == Stdin)
            {
                ProcessStdin(options, stdout);
            }
            else
            {
                ProcessFile(options, file, stdout);
            }
        }

        return Report.ExitCode;
    }

    private static void ProcessStdin(Options options, Stream stdout)
    {
        try
        {
            using Stream stdin = Console.OpenStandardInput();
            using Stream input = Progress.Wrap(stdin, StandardStreams.StdinLength(), "stdin", options);
            Run(options, input, "stdin", options.Operation == Operation.Test ? Stream.Null : stdout, "stdout");
        }
        catch (Exception e) when (IsReportable(e))
        {
            Report.Fail("stdin: " + Report.Describe(e, options.Format));
        }
    }

    private static void ProcessFile(Options options, string file, Stream stdout)
    {
        if (Directory.Exists(file))
        {
            Report.Warn($"{file} is a directory -- ignored");
            return;
        }

        if (!File.Exists(file))
        {
            Report.Fail($"{file}: No such file or directory");
            return;
        }

        string? outputPath = null;
        if (!options.ToStdout && options.Operation != Operation.Test)
        {
            outputPath = OutputName(options, file);
            if (outputPath is null)
            {
                return;
            }

            if (File.Exists(outputPath) && !options.Force)
            {
                Report.Warn($"{outputPath} already exists; not overwritten");
                return;
            }
        }

        try
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            using Stream input = Progress.Wrap(source, source.Length, file, options);
            if (outputPath is null)
            {
                Run(options, input, file, options.Operation == Operation.Test ? Stream.Null : stdout, "stdout");
                return;
            }

            using (var output = new OutputFile(outputPath, options.Force))
            {
                Run(options, input, file, output.Stream, outputPath);
                output.Commit(timesAndModeFrom: file);
            }

            source.Dispose();
            if (!options.Keep)
            {
                File.Delete(file);
            }
        }
        catch (Exception e) when (IsReportable(e))
        {
            Report.Fail(file + ": " + Report.Describe(e, options.Format));
        }
    }

    /// <summary>Runs one input through the operation, then prints -v, warnings and --stats.</summary>
    private static void Run(Options options, Stream input, string inputName, Stream output, string outputName)
    {
        var clock = Stopwatch.StartNew();
        WarpZipStatistics statistics;
        bool trailingGarbage = false;
        if (options.Operation == Operation.Compress)
        {
            statistics = Transfer.Compress(input, output, options);
        }
        else
        {
            // gzip -dcf (and -df on stdin) copies input that is not compressed, like zcat -f.
            bool passThrough = options.Force && outputName == "stdout" && options.Operation == Operation.Decompress;
            statistics = Transfer.Decompress(input, output, options, passThrough, out trailingGarbage);
        }

        clock.Stop();
        if (trailingGarbage)
        {
            Report.Warn($"{inputName}: decompression OK, trailing garbage ignored");
        }

        if (options.Verbose)
        {
            PrintVerbose(options, inputName, outputName, statistics);
        }

        Stats.Emit(options, options.Operation, inputName, outputName, statistics, clock.Elapsed);
    }

    private static void PrintVerbose(Options options, string inputName, string outputName, WarpZipStatistics statistics)
    {
        if (options.Operation == Operation.Test)
        {
            Report.Verbose($"{inputName}:\t OK");
            return;
        }

        long uncompressed = options.Operation == Operation.Compress ? statistics.BytesIn : statistics.BytesOut;
        long compressed = options.Operation == Operation.Compress ? statistics.BytesOut : statistics.BytesIn;
        double saved = uncompressed == 0 ? 0 : 100.0 * (uncompressed - compressed) / uncompressed;
        string line = string.Create(CultureInfo.InvariantCulture, $"{inputName}:\t{saved,5:F1}%");
        Report.Verbose(outputName == "stdout" ? line : options.Keep ? $"{line} -- created {outputName}" : $"{line} -- replaced with {outputName}");
    }

    /// <summary>FILE.gz when compressing; FILE without its suffix when decompressing; null (after a note) when gzip would skip it.</summary>
    private static string? OutputName(Options options, string file)
    {
        if (options.Operation == Operation.Compress)
        {
            string? existing = Suffixes.Find(options, Path.GetFileName(file));
            if (existing is not null)
            {
                Report.Note($"{file} already has {existing} suffix -- unchanged");
                return null;
            }

            return file + options.EffectiveSuffix;
        }

        string? stripped = Suffixes.Strip(options, file);
        if (stripped is null)
        {
            Report.Warn($"{file}: unknown suffix -- ignored");
        }

        return stripped;
    }

    /// <summary>Failures that are about one input (reported, then the next input is processed).</summary>
    public static bool IsReportable(Exception e) =>
        e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException;
}
