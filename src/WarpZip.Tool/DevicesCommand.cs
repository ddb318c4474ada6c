using System;
using System.Collections.Generic;

namespace WarpZip.Tool;

/// <summary>`warpzip devices [--device-model]`: what discovery finds and why each device can or cannot be used.</summary>
internal static class DevicesCommand
{
    public static int Run(Options options)
    {
        WarpZipDeviceProvider provider = options.Devices;
        IReadOnlyList<WarpZipDeviceInfo> devices = provider.Discover();
        Console.Out.WriteLine($"{provider.Description}: {provider.DiscoveryRoot}");
        if (devices.Count == 0)
        {
            Console.Out.WriteLine("  no uacce devices: compression runs in software (fallback reason NoDevice)");
            return Report.Ok;
        }

        foreach (WarpZipDeviceInfo device in devices)
        {
            string queues = device.AvailableQueues is int free ? $", {free} free queues" : string.Empty;
            string algorithms = device.Algorithms.Count > 0 ? $", algorithms {string.Join(" ", device.Algorithms)}" : string.Empty;
            Console.Out.WriteLine($"  {device.Name}: {(device.Usable ? "usable" : "not usable")} — {device.Detail}{queues}{algorithms}");
        }

        return Report.Ok;
    }
}
