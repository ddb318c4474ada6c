using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace WarpZip.Tool;

internal static class Program
{
    private static int Main(string[] args)
    {
        // A signal must not leave a half-written output behind: delete the temporary file, then let the
        // default handling end the process.
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        Options options;
        try
        {
            options = ArgumentParser.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"warpzip: {e.Message}");
            Console.Error.WriteLine("Try 'warpzip --help' for more information.");
            return Report.Error;
        }

        if (options.ShowHelp)
        {
            Console.Out.Write(Help.Text);
            return Report.Ok;
        }

        if (options.ShowVersion)
        {
            Console.Out.WriteLine($"warpzip {Version(typeof(Program).Assembly)} (WarpZip library {Version(typeof(WarpGZipStream).Assembly)})");
            return Report.Ok;
        }

        Report.Quiet = options.Quiet;
        if (options.ListDevices)
        {
            return DevicesCommand.Run(options);
        }

        try
        {
            return options.HisiInterface ? HisiZipCommand.Run(options) : GzipCommand.Run(options);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Failures about one input are reported where they happen; anything else still ends gzip-style.
            OutputFile.DeleteActiveTemporary();
            Report.Fail($"internal error: {e.GetType().Name}: {e.Message}");
            return Report.Error;
        }
    }

    private static void OnSignal(PosixSignalContext context) => OutputFile.DeleteActiveTemporary();

    private static string Version(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
        {
            return assembly.GetName().Version?.ToString() ?? "unknown";
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
