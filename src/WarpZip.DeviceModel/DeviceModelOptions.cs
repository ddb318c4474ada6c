using System;

namespace WarpZip.DeviceModel;

/// <summary>How the modelled device presents itself.</summary>
public sealed record DeviceModelOptions
{
    /// <summary>Queues the device offers (available_instances when nothing is open).</summary>
    public int QueueCount { get; init; } = 8;

    /// <summary>QM generation: 1, 2 (Kunpeng 920) or 3. Selects doorbell layout, SQE type and tag position.</summary>
    public int QmVersion { get; init; } = 2;

    /// <summary>SVA (flags bit 0, requests carry process addresses) or openEuler's static-share mode (flags 0x80, DMA addresses).</summary>
    public bool Sva { get; init; } = true;

    /// <summary>Added to every request before the engine completes it.</summary>
    public TimeSpan RequestLatency { get; init; } = TimeSpan.Zero;

    /// <summary>A zero-work engine: complete requests with a stored block copy instead of compressing (driver-cost benchmarks).</summary>
    public bool ZeroWork { get; init; }

    /// <summary>The sysfs device name (the node is /dev/&lt;name&gt; on real machines).</summary>
    public string DeviceName { get; init; } = "hisi_zip-0";
}
