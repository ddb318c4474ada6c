using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace WarpZip.Tests.Infrastructure;

/// <summary>
/// Runs a command-line tool with bytes on stdin and collects its stdout. A missing tool is a test
/// failure with a message saying what to install, never a silent skip: CI installs gzip, pigz and python3.
/// </summary>
public static class ExternalTool
{
    /// <summary>Runs <paramref name="fileName"/> and returns its stdout; fails when it exits non-zero.</summary>
    public static byte[] Run(string fileName, IReadOnlyList<string> arguments, byte[] standardInput)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"The command '{fileName}' is required by this test but could not be started ({e.Message}). " +
                $"Install it (e.g. 'apt-get install -y gzip pigz python3').");
            throw; // unreachable
        }

        using (process)
        {
            // Feed stdin and drain stdout/stderr concurrently so neither pipe can fill up and deadlock.
            Task<byte[]> stdout = Task.Run(() =>
            {
                using var buffer = new MemoryStream();
                process.StandardOutput.BaseStream.CopyTo(buffer);
                return buffer.ToArray();
            });
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.BaseStream.Write(standardInput);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool exited early (e.g. bad input); its exit code and stderr tell why.
            }

            process.WaitForExit();
            byte[] output = stdout.GetAwaiter().GetResult();
            string error = stderr.GetAwaiter().GetResult();
            Assert.True(process.ExitCode == 0,
                $"'{fileName} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {error}");
            return output;
        }
    }
}
