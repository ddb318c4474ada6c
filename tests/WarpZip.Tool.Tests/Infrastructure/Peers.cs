using System;
using System.IO;

namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>
/// The real tools the interop tests compare against: gzip, pigz, python3. A missing one fails the
/// test with an install hint; it is never skipped.
/// </summary>
public static class Peers
{
    public static ProcessResult Run(string tool, byte[]? stdin, params string[] arguments)
    {
        Require(tool);
        return Processes.Run(tool, arguments, stdin);
    }

    /// <summary>Runs and requires exit code 0, returning stdout.</summary>
    public static byte[] Ok(string tool, byte[]? stdin, params string[] arguments)
    {
        ProcessResult result = Run(tool, stdin, arguments);
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)}: {result}");
        return result.Stdout;
    }

    /// <summary>python3 -c SCRIPT ARGS.</summary>
    public static byte[] Python(string script, byte[]? stdin, params string[] arguments) =>
        Ok("python3", stdin, ["-c", script, .. arguments]);

    public static string Require(string tool)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, tool);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{tool}' is not installed (not found on PATH). The warpzip tool tests compare against gzip, pigz and python3: " +
            "install them with 'apt-get install gzip pigz python3' (test.sh does this on a fresh machine).");
    }
}
