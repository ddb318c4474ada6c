using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>The built tool, run as a process: <c>dotnet WarpZip.Tool.dll ARGS</c>.</summary>
public static class Warpzip
{
    private static readonly Lazy<string> s_dll = new(Locate);

    public static string Dll => s_dll.Value;

    public static ProcessResult Run(string workingDirectory, byte[]? stdin, params string[] arguments) =>
        Processes.Run("dotnet", [Dll, .. arguments], stdin, workingDirectory);

    public static ProcessResult Run(byte[]? stdin, params string[] arguments) =>
        Processes.Run("dotnet", [Dll, .. arguments], stdin);

    /// <summary>Runs and requires exit code 0, returning stdout.</summary>
    public static byte[] Ok(byte[]? stdin, params string[] arguments)
    {
        ProcessResult result = Run(stdin, arguments);
        Assert.True(result.ExitCode == 0, $"warpzip {string.Join(' ', arguments)}: {result}");
        return result.Stdout;
    }

    private static string Locate()
    {
        string? path = typeof(Warpzip).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "WarpZipToolDll")?.Value;
        if (path is null || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The warpzip tool is not built at '{path}'. Build it first: dotnet build WarpZip.sln (same configuration as the tests).");
        }

        return path;
    }
}
