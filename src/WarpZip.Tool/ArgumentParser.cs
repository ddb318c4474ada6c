using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;

namespace WarpZip.Tool;

/// <summary>A command line that cannot be run; the message is printed gzip-style and the exit code is 1.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Parses both interfaces. With -z or -g anywhere among the options it is test_hisi_zip's
/// (<c>-z|-g [-d] [-q queues] [-b block_size] [-c requests_in_flight]</c>, stdin to stdout);
/// otherwise gzip's and pigz's (<c>[options] [FILE...]</c>). Short flags combine (<c>-dc</c>, <c>-kv9</c>),
/// a short option's value may be attached (<c>-p4</c>, <c>-b64k</c>) or follow, long options take
/// <c>--name=value</c> or <c>--name value</c>, and <c>--</c> ends the options.
/// </summary>
internal static class ArgumentParser
{
    public static Options Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new Options { HisiInterface = IsHisiCommandLine(args), ListDevices = args.Count > 0 && args[0] == "devices" };
        if (options.ListDevices)
        {
            args = args.Skip(1).ToList();
        }

        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                options.Files.Add(arg);
            }
            else if (arg == "--")
            {
                optionsEnded = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                ParseLong(options, args, ref i);
            }
            else
            {
                ParseShortCluster(options, args, ref i);
            }
        }

        Validate(options);
        return options;
    }

    /// <summary>Finds -z or -g among the short options, skipping the values of options that take one.</summary>
    private static bool IsHisiCommandLine(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                return false;
            }

            if (arg.Length < 2 || arg[0] != '-' || arg[1] == '-')
            {
                if (arg.StartsWith("--", StringComparison.Ordinal) && !arg.Contains('=', StringComparison.Ordinal) && LongTakesValue(arg[2..]))
                {
                    i++;
                }

                continue;
            }

            for (int j = 1; j < arg.Length; j++)
            {
                char c = arg[j];
                if (c is 'z' or 'g')
                {
                    return true;
                }

                if (c is 'S' or 'p' or 'b' or 'q')
                {
                    // A value follows (attached or as the next argument); -q is gzip's quiet flag, which takes none.
                    if (c == 'q')
                    {
                        continue;
                    }

                    if (j == arg.Length - 1)
                    {
                        i++;
                    }

                    break;
                }
            }
        }

        return false;
    }

    private static bool LongTakesValue(string name) =>
        name is "suffix" or "processes" or "format" or "backend" or "framing" or "chunk-size";

    private static void ParseShortCluster(Options options, IReadOnlyList<string> args, ref int i)
    {
        string arg = args[i];
        for (int j = 1; j < arg.Length; j++)
        {
            char c = arg[j];
            if (TakesValue(options, c))
            {
                string value;
                if (j < arg.Length - 1)
                {
                    value = arg[(j + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"option requires an argument -- '{c}'");
                }

                ApplyShortValue(options, c, value);
                return;
            }

            ApplyShortFlag(options, c);
        }
    }

    private static bool TakesValue(Options options, char c) =>
        options.HisiInterface ? c is 'q' or 'b' or 'c' : c is 'S' or 'p';

    private static void ApplyShortFlag(Options options, char c)
    {
        if (c is >= '0' and <= '9')
        {
            options.Level = c - '0';
            return;
        }

        switch (c)
        {
            case 'z' when options.HisiInterface:
                SetHisiFormat(options, ToolFormat.ZLib);
                break;
            case 'g' when options.HisiInterface:
                SetHisiFormat(options, ToolFormat.GZip);
                break;
            case 'd':
                options.Operation = Operation.Decompress;
                break;
            case 'c':
                options.ToStdout = true;
                break;
            case 'k' when !options.HisiInterface:
                options.Keep = true;
                break;
            case 'f':
                options.Force = true;
                break;
            case 't' when !options.HisiInterface:
                options.Operation = Operation.Test;
                break;
            case 'l' when !options.HisiInterface:
                options.Operation = Operation.List;
                break;
            case 'v':
                options.Verbose = true;
                options.Quiet = false;
                break;
            case 'q':
                options.Quiet = true;
                options.Verbose = false;
                break;
            case 'h':
                options.ShowHelp = true;
                break;
            case 'V':
                options.ShowVersion = true;
                break;
            default:
                throw new UsageException($"invalid option -- '{c}'");
        }
    }

    private static void SetHisiFormat(Options options, ToolFormat format)
    {
        if (options.FormatWasSet && options.Format != format)
        {
            throw new UsageException("-z and -g cannot be used together");
        }

        options.Format = format;
        options.FormatWasSet = true;
    }

    private static void ApplyShortValue(Options options, char c, string value)
    {
        switch (c)
        {
            case 'S':
                SetSuffix(options, value);
                break;
            case 'p':
                options.Threads = ParseThreads(value, "-p");
                break;
            case 'c':
                // test_hisi_zip: requests in flight, which is how many chunks WarpZip keeps going at once.
                options.Threads = ParseThreads(value, "-c");
                break;
            case 'q':
                options.Queues = ParsePositive(value, "-q");
                break;
            case 'b':
                SetBlockSize(options, value, "-b");
                break;
        }
    }

    private static void ParseLong(Options options, IReadOnlyList<string> args, ref int i)
    {
        string arg = args[i][2..];
        string name = arg;
        string? value = null;
        int equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            name = arg[..equals];
            value = arg[(equals + 1)..];
        }

        if (LongTakesValue(name) && value is null)
        {
            if (i + 1 >= args.Count)
            {
                throw new UsageException($"option '--{name}' requires an argument");
            }

            value = args[++i];
        }
        else if (!LongTakesValue(name) && value is not null && name != "stats")
        {
            throw new UsageException($"option '--{name}' doesn't allow an argument");
        }

        bool hisi = options.HisiInterface;
        switch (name)
        {
            case "decompress" or "uncompress":
                options.Operation = Operation.Decompress;
                break;
            case "stdout" or "to-stdout" when !hisi:
                options.ToStdout = true;
                break;
            case "keep" when !hisi:
                options.Keep = true;
                break;
            case "force":
                options.Force = true;
                break;
            case "device-model":
                options.UseDeviceModel = true;
                break;
            case "test" when !hisi:
                options.Operation = Operation.Test;
                break;
            case "list" when !hisi:
                options.Operation = Operation.List;
                break;
            case "verbose":
                options.Verbose = true;
                options.Quiet = false;
                break;
            case "quiet" or "silent":
                options.Quiet = true;
                options.Verbose = false;
                break;
            case "fast":
                options.Level = 1;
                break;
            case "best":
                options.Level = 9;
                break;
            case "help":
                options.ShowHelp = true;
                break;
            case "version":
                options.ShowVersion = true;
                break;
            case "suffix" when !hisi:
                SetSuffix(options, value!);
                break;
            case "processes" when !hisi:
                options.Threads = ParseThreads(value!, "--processes");
                break;
            case "chunk-size":
                SetBlockSize(options, value!, "--chunk-size");
                break;
            case "format" when !hisi:
                options.Format = value switch
                {
                    "gzip" or "gz" => ToolFormat.GZip,
                    "zlib" => ToolFormat.ZLib,
                    "deflate" or "raw" => ToolFormat.Deflate,
                    _ => throw new UsageException($"invalid --format '{value}' (expected gzip, zlib or deflate)"),
                };
                break;
            case "backend":
                options.Backend = value switch
                {
                    "auto" => WarpZipBackend.Auto,
                    "software" => WarpZipBackend.Software,
                    "hardware" => WarpZipBackend.Hardware,
                    _ => throw new UsageException($"invalid --backend '{value}' (expected auto, software or hardware)"),
                };
                break;
            case "framing":
                options.Framing = value switch
                {
                    "single" => WarpZipFraming.SingleMember,
                    "indexed" => WarpZipFraming.IndexedMembers,
                    _ => throw new UsageException($"invalid --framing '{value}' (expected single or indexed)"),
                };
                break;
            case "stats":
                options.Stats = value switch
                {
                    null or "text" => StatsMode.Text,
                    "json" => StatsMode.Json,
                    _ => throw new UsageException($"invalid --stats '{value}' (expected --stats or --stats=json)"),
                };
                break;
            default:
                throw new UsageException(hisi && IsGzipOnlyLong(name)
                    ? $"option '--{name}' is not available with -z/-g (stdin to stdout only)"
                    : $"unrecognized option '--{name}'");
        }
    }

    private static bool IsGzipOnlyLong(string name) =>
        name is "stdout" or "to-stdout" or "keep" or "test" or "list" or "suffix" or "processes" or "format";

    private static void SetSuffix(Options options, string value)
    {
        if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal))
        {
            throw new UsageException($"invalid suffix '{value}'");
        }

        options.Suffix = value;
    }

    private static int ParseThreads(string value, string option)
    {
        int n = ParsePositive(value, option);
        return Math.Clamp(n, 1, 256);
    }

    private static int ParsePositive(string value, string option)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
        {
            throw new UsageException($"invalid {option} value '{value}' (expected a positive integer)");
        }

        return n;
    }

    private static void SetBlockSize(Options options, string value, string option)
    {
        long size = ParseSize(value) ?? throw new UsageException($"invalid {option} value '{value}' (expected a size such as 65536, 512k or 4M)");
        options.RequestedBlockSize = size;
        options.ChunkSize = (int)Math.Clamp(size, WarpZipOptions.MinChunkSize, WarpZipOptions.MaxChunkSize);
    }

    /// <summary>Bytes, with an optional k/K (KiB) or m/M (MiB) suffix.</summary>
    public static long? ParseSize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        long multiplier = 1;
        string digits = value;
        if (value.Length > 0)
        {
            switch (value[^1])
            {
                case 'k' or 'K':
                    multiplier = 1024;
                    digits = value[..^1];
                    break;
                case 'm' or 'M':
                    multiplier = 1024 * 1024;
                    digits = value[..^1];
                    break;
            }
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1 || n > long.MaxValue / multiplier)
        {
            return null;
        }

        return n * multiplier;
    }

    private static void Validate(Options options)
    {
        if (options.ShowHelp || options.ShowVersion)
        {
            return;
        }

        if (options.HisiInterface)
        {
            if (options.Files.Count > 0)
            {
                throw new UsageException($"-z/-g read stdin and write stdout; unexpected operand '{options.Files[0]}'");
            }

            return;
        }

        if (options.Framing == WarpZipFraming.IndexedMembers && options.Format != ToolFormat.GZip)
        {
            throw new UsageException("--framing indexed applies to gzip only");
        }
    }
}
