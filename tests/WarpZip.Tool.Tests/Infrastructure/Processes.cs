using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>What a finished process left: exit code, stdout bytes, stderr text.</summary>
public sealed record ProcessResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public override string ToString() => $"exit {ExitCode}, {Stdout.Length} bytes on stdout, stderr: {Stderr}";
}

/// <summary>Runs a program with stdin fed from bytes and stdout/stderr captured.</summary>
public static class Processes
{
    /// <summary>A hang guard only (a test that hangs fails instead of blocking the run); never a timing assertion.</summary>
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(3);

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        using Process process = Start(fileName, arguments, workingDirectory);
        Task<byte[]> stdout = ReadAllAsync(process.StandardOutput.BaseStream);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task feed = FeedAsync(process.StandardInput.BaseStream, stdin ?? []);
        if (!process.WaitForExit(s_hangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {s_hangGuard}.");
        }

        process.WaitForExit();
        feed.GetAwaiter().GetResult();
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public static Process Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task FeedAsync(Stream stdin, byte[] data)
    {
        try
        {
            await stdin.WriteAsync(data);
            await stdin.FlushAsync();
        }
        catch (IOException)
        {
            // The process exited without reading everything (e.g. it rejected its arguments).
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }
}
