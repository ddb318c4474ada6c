using System;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;

namespace WarpZip.Benchmarks;

/// <summary>The machine a harness ran on, printed with every result so figures are never quoted without it.</summary>
internal sealed record MachineInfo(
    int Cores,
    string Cpu,
    string Os,
    string Architecture,
    string Runtime,
    bool ServerGc,
    string TimestampUtc)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC,
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));

    public string Describe() =>
        $"{Cores} logical cores ({Cpu}), {Os} {Architecture}, {Runtime}, {(ServerGc ? "server" : "workstation")} GC, {TimestampUtc}";

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // CPU model is decoration; the core count is what matters.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "unknown CPU";
    }
}
