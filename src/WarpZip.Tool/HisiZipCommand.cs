using System;
using System.Diagnostics;
using System.IO;

namespace WarpZip.Tool;

/// <summary>
/// The WarpDrive sample test_hisi_zip's interface: <c>warpzip -z|-g [-d] [-q queues] [-b block_size]
/// [-c requests_in_flight] &lt; in &gt; out</c>. zlib (-z) or gzip (-g) from stdin to stdout. Unlike the
/// sample it streams pipes and inputs of any size, writes standard gzip (one indexed member per block,
/// which stock gunzip reads), and runs in software when there is no accelerator. -b is WarpZip's chunk
/// size, -c the chunks in flight, -q the hardware queues (reported by --stats; they matter only to hardware).
/// </summary>
internal static class HisiZipCommand
{
    public static int Run(Options options)
    {
        bool decompress = options.Operation == Operation.Decompress;
        if (!decompress && !Console.IsOutputRedirected && !options.Force)
        {
            Report.Fail("compressed data not written to a terminal. Use -f to force compression.\nFor help, type: warpzip -h");
            return Report.ExitCode;
        }

        if (decompress && !Console.IsInputRedirected && !options.Force)
        {
            Report.Fail("compressed data not read from a terminal. Use -f to force decompression.\nFor help, type: warpzip -h");
            return Report.ExitCode;
        }

        try
        {
            using Stream stdin = Console.OpenStandardInput();
            using Stream input = Progress.Wrap(stdin, StandardStreams.StdinLength(), "stdin", options);
            using Stream stdout = Console.OpenStandardOutput();
            var clock = Stopwatch.StartNew();
            WarpZipStatistics statistics;
            if (decompress)
            {
                statistics = Transfer.Decompress(input, stdout, options, passThrough: false, out bool trailingGarbage);
                if (trailingGarbage)
                {
                    Report.Warn("stdin: decompression OK, trailing garbage ignored");
                }
            }
            else
            {
                statistics = Transfer.Compress(input, stdout, options);
            }

            Stats.Emit(options, options.Operation, "stdin", "stdout", statistics, clock.Elapsed);
        }
        catch (Exception e) when (GzipCommand.IsReportable(e))
        {
            Report.Fail("stdin: " + Report.Describe(e, options.Format));
        }

        return Report.ExitCode;
    }
}
