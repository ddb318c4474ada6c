using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace WarpZip.Hardware.Uacce;

/// <summary>Why a uacce device cannot be used.</summary>
internal enum DeviceSkipReason
{
    /// <summary>An attribute is missing or does not parse.</summary>
    MalformedAttributes,

    /// <summary>Not a HiSilicon QM device (api is not hisi_qm_v*).</summary>
    UnsupportedApi,

    /// <summary>Neither zlib nor gzip among the algorithms (e.g. a SEC or HPRE device).</summary>
    NoCompression,

    /// <summary>isolate = 1: the kernel set it aside after hardware errors.</summary>
    Isolated,

    /// <summary>available_instances = 0.</summary>
    NoFreeQueue,

    /// <summary>Neither SVA nor an SS-region mode this driver can address.</summary>
    UnsupportedAddressing,
}

/// <summary>A device that discovery passed over, and why (in words a user can act on).</summary>
internal sealed record SkippedDevice(string Name, DeviceSkipReason Reason, string Detail);

/// <summary>What one sysfs scan found.</summary>
internal sealed record UacceScan(IReadOnlyList<UacceDevice> Usable, IReadOnlyList<SkippedDevice> Skipped, string SysfsRoot, bool RootExists);

/// <summary>
/// Enumerates uacce devices under a sysfs class directory (normally <c>/sys/class/uacce</c>) the way
/// UADK does, keeping HiSilicon QM devices that can compress. It never throws: anything unexpected in
/// one device's directory skips that device with a reason.
/// </summary>
internal static class UacceDiscovery
{
    public const string DefaultSysfsRoot = "/sys/class/uacce";

    public static UacceScan Scan(string sysfsRoot, int preferredNumaNode = -1)
    {
        var usable = new List<UacceDevice>();
        var skipped = new List<SkippedDevice>();
        string[] entries;
        try
        {
            if (!Directory.Exists(sysfsRoot))
            {
                return new UacceScan(usable, skipped, sysfsRoot, RootExists: false);
            }

            entries = Directory.GetFileSystemEntries(sysfsRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new UacceScan(usable, skipped, sysfsRoot, RootExists: false);
        }

        Array.Sort(entries, StringComparer.Ordinal);
        foreach (string directory in entries)
        {
            string name = Path.GetFileName(directory);
            (UacceDevice? device, SkippedDevice? skip) = Inspect(directory, name);
            if (device is not null)
            {
                usable.Add(device);
            }
            else
            {
                skipped.Add(skip!);
            }
        }

        // Same NUMA node first, then the device with the most free queues.
        List<UacceDevice> ordered = usable
            .OrderBy(d => preferredNumaNode >= 0 && d.NumaNode == preferredNumaNode ? 0 : 1)
            .ThenByDescending(d => d.AvailableInstances)
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        return new UacceScan(ordered, skipped, sysfsRoot, RootExists: true);
    }

    private static (UacceDevice?, SkippedDevice?) Inspect(string directory, string name)
    {
        try
        {
            string? api = ReadLine(directory, "api");
            string? algorithmsText = ReadText(directory, "algorithms");
            if (api is null || algorithmsText is null)
            {
                return Skip(name, DeviceSkipReason.MalformedAttributes, "missing api or algorithms");
            }

            if (UacceDevice.ParseQmVersion(api) == 0)
            {
                return Skip(name, DeviceSkipReason.UnsupportedApi, $"api '{api}' is not a HiSilicon QM queue");
            }

            string[] algorithms = algorithmsText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!algorithms.Contains("zlib") && !algorithms.Contains("gzip"))
            {
                return Skip(name, DeviceSkipReason.NoCompression, $"algorithms are {string.Join(", ", algorithms)}");
            }

            // isolate exists only on kernels ≥ 6.1 with driver support; absent means not isolated.
            string? isolate = ReadLine(directory, "isolate");
            if (isolate is not null && isolate != "0")
            {
                return isolate == "1"
                    ? Skip(name, DeviceSkipReason.Isolated, "the kernel isolated the device after hardware errors (isolate = 1)")
                    : Skip(name, DeviceSkipReason.MalformedAttributes, $"isolate = '{isolate}'");
            }

            if (!TryReadLong(directory, "flags", out long flags) || flags < 0 ||
                !TryReadLong(directory, "available_instances", out long available) ||
                !TryReadLong(directory, "region_mmio_size", out long mmioSize) || mmioSize <= 0 ||
                !TryReadLong(directory, "region_dus_size", out long dusSize) || dusSize <= 0)
            {
                return Skip(name, DeviceSkipReason.MalformedAttributes, "flags, available_instances or region sizes are missing or not numbers");
            }

            // A PCI device reports -1 when the platform has no NUMA information; UADK treats that as node 0.
            int numaNode = TryReadLong(Path.Combine(directory, "device"), "numa_node", out long node) && node >= 0 ? (int)Math.Min(node, int.MaxValue) : 0;
            var deviceFlags = (UacceDeviceFlags)flags;
            if ((deviceFlags & (UacceDeviceFlags.Sva | UacceDeviceFlags.NoIommu | UacceDeviceFlags.Iommu)) == 0)
            {
                return Skip(name, DeviceSkipReason.UnsupportedAddressing, $"flags = {flags}: neither SVA nor a static-share mode");
            }

            if (available <= 0)
            {
                return Skip(name, DeviceSkipReason.NoFreeQueue, "available_instances = 0: every queue is taken");
            }

            var device = new UacceDevice(name, api, deviceFlags, (int)Math.Min(available, int.MaxValue), algorithms, mmioSize, dusSize, Isolated: false, numaNode);
            return (device, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Skip(name, DeviceSkipReason.MalformedAttributes, ex.Message);
        }
    }

    private static (UacceDevice?, SkippedDevice?) Skip(string name, DeviceSkipReason reason, string detail) =>
        (null, new SkippedDevice(name, reason, detail));

    private static string? ReadText(string directory, string attribute)
    {
        string path = Path.Combine(directory, attribute);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static string? ReadLine(string directory, string attribute) => ReadText(directory, attribute)?.Trim();

    private static bool TryReadLong(string directory, string attribute, out long value)
    {
        value = 0;
        string? text = ReadLine(directory, attribute);
        return text is not null && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
