using System;
using System.IO;

namespace WarpZip.Tool;

/// <summary>gzip's way of talking: "warpzip: FILE: problem" on stderr, and its exit codes.</summary>
internal static class Report
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Warning = 2;

    private static int s_exitCode;

    /// <summary>-q: warnings are not printed (they still set exit code 2).</summary>
    public static bool Quiet { get; set; }

    /// <summary>0, or 1 after any error, or 2 after warnings only (gzip: an error outranks a warning).</summary>
    public static int ExitCode => s_exitCode;

    public static void Fail(string message)
    {
        Write(message);
        s_exitCode = Error;
    }

    public static void Warn(string message)
    {
        if (!Quiet)
        {
            Write(message);
        }

        if (s_exitCode == Ok)
        {
            s_exitCode = Warning;
        }
    }

    /// <summary>A note that changes nothing (gzip's "already has .gz suffix -- unchanged").</summary>
    public static void Note(string message)
    {
        if (!Quiet)
        {
            Write(message);
        }
    }

    /// <summary>-v output: "FILE:\t 75.0% -- replaced with FILE.gz".</summary>
    public static void Verbose(string line)
    {
        Progress.ClearLine();
        Console.Error.WriteLine(line);
    }

    private static void Write(string message)
    {
        Progress.ClearLine();
        Console.Error.WriteLine("warpzip: " + message);
    }

    /// <summary>What went wrong, in gzip's words where gzip has words for it.</summary>
    public static string Describe(Exception exception, ToolFormat format)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            NotInFormatException => format switch
            {
                ToolFormat.ZLib => "not in zlib format",
                ToolFormat.Deflate => "not in deflate format",
                _ => "not in gzip format",
            },
            InvalidDataException invalid => DescribeInvalidData(invalid.Message),
            WarpZipDeviceException device => device.Message,
            FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
            UnauthorizedAccessException => "Permission denied",
            _ => exception.Message,
        };
    }

    private static string DescribeInvalidData(string message)
    {
        if (message.Contains("truncated", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("unexpected end", StringComparison.OrdinalIgnoreCase))
        {
            return "unexpected end of file";
        }

        if (message.Contains("incorrect data check", StringComparison.OrdinalIgnoreCase))
        {
            return "invalid compressed data--crc error";
        }

        if (message.Contains("incorrect length check", StringComparison.OrdinalIgnoreCase))
        {
            return "invalid compressed data--length error";
        }

        return "invalid compressed data--format violated";
    }
}

/// <summary>The input does not start like the format asked for (gzip's "not in gzip format").</summary>
internal sealed class NotInFormatException : IOException
{
    public NotInFormatException()
        : base("The input is not in the expected format.")
    {
    }

    public NotInFormatException(string message)
        : base(message)
    {
    }

    public NotInFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
