using System;
using System.IO;
using System.Linq;
using WarpZip.Hardware.Uacce;

namespace WarpZip.Tests.Hardware;

/// <summary>sysfs parsing from fixture directories, including malformed ones: discovery never throws.</summary>
public sealed class DiscoveryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "warpzip-sysfs-" + Guid.NewGuid().ToString("N"));

    public DiscoveryTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Device(string name, string api = "hisi_qm_v2", string flags = "1", string available = "64",
        string algorithms = "zlib\ngzip\n", string mmio = "8192", string dus = "151552", string? isolate = "0", string? numa = "0")
    {
        string directory = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(directory, "device"));
        void Write(string attribute, string? value)
        {
            if (value is not null)
            {
                File.WriteAllText(Path.Combine(directory, attribute), value);
            }
        }

        Write("api", api + "\n");
        Write("flags", flags + "\n");
        Write("available_instances", available + "\n");
        Write("algorithms", algorithms);
        Write("region_mmio_size", mmio + "\n");
        Write("region_dus_size", dus + "\n");
        Write("isolate", isolate is null ? null : isolate + "\n");
        Write(Path.Combine("device", "numa_node"), numa is null ? null : numa + "\n");
        return directory;
    }

    [Fact]
    public void A_kunpeng_920_zip_device_is_usable()
    {
        Device("hisi_zip-0");
        UacceScan scan = UacceDiscovery.Scan(_root);
        UacceDevice device = Assert.Single(scan.Usable);
        Assert.Equal("hisi_zip-0", device.Name);
        Assert.Equal(2, device.QmVersion);
        Assert.Equal(UacceDeviceFlags.Sva, device.Flags);
        Assert.Equal(64, device.AvailableInstances);
        Assert.Equal(8192, device.MmioSize);
        Assert.Equal(151552, device.DusSize);
        Assert.True(device.SupportsGzip);
        Assert.True(device.SupportsZlib);
        Assert.False(device.SupportsDeflate);
        Assert.Empty(scan.Skipped);
    }

    [Fact]
    public void Missing_root_is_reported_not_thrown()
    {
        UacceScan scan = UacceDiscovery.Scan(Path.Combine(_root, "nope"));
        Assert.False(scan.RootExists);
        Assert.Empty(scan.Usable);
    }

    [Theory]
    [InlineData("hisi_sec2-1", "hisi_qm_v2", "1", "64", "cipher\ndigest\n", (int)DeviceSkipReason.NoCompression)]
    [InlineData("other-2", "vendor_x", "1", "64", "zlib\n", (int)DeviceSkipReason.UnsupportedApi)]
    [InlineData("hisi_zip-3", "hisi_qm_v2", "1", "0", "zlib\ngzip\n", (int)DeviceSkipReason.NoFreeQueue)]
    [InlineData("hisi_zip-4", "hisi_qm_v2", "one", "64", "zlib\ngzip\n", (int)DeviceSkipReason.MalformedAttributes)]
    [InlineData("hisi_zip-5", "hisi_qm_v2", "1", "many", "zlib\ngzip\n", (int)DeviceSkipReason.MalformedAttributes)]
    [InlineData("hisi_zip-6", "hisi_qm_v2", "0", "64", "zlib\ngzip\n", (int)DeviceSkipReason.UnsupportedAddressing)]
    [InlineData("hisi_zip-7", "hisi_qm_v2", "1", "64", "zlibx\ngzipy\n", (int)DeviceSkipReason.NoCompression)]
    public void Unusable_devices_are_skipped_with_a_reason(string name, string api, string flags, string available, string algorithms, int reasonValue)
    {
        var reason = (DeviceSkipReason)reasonValue;
        Device(name, api, flags, available, algorithms);
        UacceScan scan = UacceDiscovery.Scan(_root);
        Assert.Empty(scan.Usable);
        SkippedDevice skipped = Assert.Single(scan.Skipped);
        Assert.Equal(name, skipped.Name);
        Assert.Equal(reason, skipped.Reason);
        Assert.False(string.IsNullOrWhiteSpace(skipped.Detail));
    }

    [Fact]
    public void Isolated_devices_are_skipped()
    {
        Device("hisi_zip-0", isolate: "1");
        Assert.Equal(DeviceSkipReason.Isolated, Assert.Single(UacceDiscovery.Scan(_root).Skipped).Reason);
    }

    [Fact]
    public void Missing_optional_attributes_are_fine()
    {
        Device("hisi_zip-0", isolate: null, numa: null);
        Assert.Single(UacceDiscovery.Scan(_root).Usable);
    }

    [Fact]
    public void Missing_required_attributes_skip_the_device()
    {
        string directory = Device("hisi_zip-0");
        File.Delete(Path.Combine(directory, "region_dus_size"));
        Assert.Equal(DeviceSkipReason.MalformedAttributes, Assert.Single(UacceDiscovery.Scan(_root).Skipped).Reason);
    }

    [Fact]
    public void A_stray_file_in_the_class_directory_is_skipped()
    {
        File.WriteAllText(Path.Combine(_root, "README"), "not a device");
        Device("hisi_zip-0");
        UacceScan scan = UacceDiscovery.Scan(_root);
        Assert.Single(scan.Usable);
        Assert.Equal("README", Assert.Single(scan.Skipped).Name);
    }

    [Fact]
    public void The_callers_numa_node_comes_first_then_free_queues()
    {
        Device("hisi_zip-0", available: "60", numa: "0");
        Device("hisi_zip-1", available: "10", numa: "1");
        Device("hisi_zip-2", available: "50", numa: "1");
        Assert.Equal(new[] { "hisi_zip-2", "hisi_zip-1", "hisi_zip-0" }, UacceDiscovery.Scan(_root, preferredNumaNode: 1).Usable.Select(d => d.Name));
        Assert.Equal(new[] { "hisi_zip-0", "hisi_zip-2", "hisi_zip-1" }, UacceDiscovery.Scan(_root).Usable.Select(d => d.Name));
    }

    [Fact]
    public void Static_share_devices_and_v3_deflate_are_recognised()
    {
        Device("hisi_zip-0", api: "hisi_qm_v3", flags: "128", algorithms: "zlib\ngzip\ndeflate\nlz77_zstd\n");
        UacceDevice device = Assert.Single(UacceDiscovery.Scan(_root).Usable);
        Assert.Equal(UacceDeviceFlags.Iommu, device.Flags);
        Assert.True(device.SupportsDeflate);
    }
}
