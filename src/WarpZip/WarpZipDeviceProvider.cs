using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using WarpZip.Hardware.HisiZip;
using WarpZip.Hardware.Uacce;

namespace WarpZip;

/// <summary>
/// Where WarpZip finds accelerator devices: the Linux uacce framework (<see cref="Linux"/>, the
/// default) or a device model built for tests and demos (the <c>WarpZip.DeviceModel</c> package). A
/// model is only ever used when a caller passes it in <see cref="WarpZipOptions.Devices"/>; automatic
/// selection never picks one.
/// </summary>
public abstract class WarpZipDeviceProvider
{
    private protected WarpZipDeviceProvider()
    {
    }

    /// <summary>The real devices: <c>/sys/class/uacce</c> and <c>/dev/&lt;name&gt;</c> through Linux system calls.</summary>
    public static WarpZipDeviceProvider Linux { get; } = new LinuxDeviceProvider(UacceDiscovery.DefaultSysfsRoot, "/dev");

    /// <summary>Real devices under another sysfs class directory and device directory (containers, tests).</summary>
    public static WarpZipDeviceProvider LinuxAt(string sysfsRoot, string deviceDirectory) =>
        new LinuxDeviceProvider(sysfsRoot, deviceDirectory);

    /// <summary>What this provider is, in words for statistics and logs (a model says so).</summary>
    public abstract string Description { get; }

    /// <summary>True for a device model: its figures measure the driver, not hardware.</summary>
    public abstract bool IsDeviceModel { get; }

    private readonly object _engineLock = new();
    private HisiZipEngine? _engine;
    private long _retryAfter;
    private (WarpZipFallbackReason Reason, string Detail) _unavailable = (WarpZipFallbackReason.NoDevice, "not scanned yet");

    // A failed discovery is remembered briefly, so a process opening many streams does not rescan sysfs each time.
    private const int RescanMilliseconds = 10_000;

    internal abstract string SysfsRoot { get; }

    /// <summary>Scans for devices now (nothing is opened) and says for each whether it can be used and why.</summary>
    public IReadOnlyList<WarpZipDeviceInfo> Discover()
    {
        UacceScan scan = UacceDiscovery.Scan(SysfsRoot);
        var devices = new List<WarpZipDeviceInfo>();
        foreach (UacceDevice device in scan.Usable)
        {
            string addressing = (device.Flags & UacceDeviceFlags.Sva) != 0 ? "SVA" : "static share";
            devices.Add(new WarpZipDeviceInfo(device.Name, true,
                $"usable: {device.Api}, {addressing} addressing, NUMA node {device.NumaNode}", device.Api, device.AvailableInstances, device.Algorithms));
        }

        foreach (SkippedDevice skipped in scan.Skipped)
        {
            devices.Add(new WarpZipDeviceInfo(skipped.Name, false, $"{skipped.Reason}: {skipped.Detail}", null, null, Array.Empty<string>()));
        }

        return devices;
    }

    /// <summary>Where discovery looks (the sysfs class directory).</summary>
    public string DiscoveryRoot => SysfsRoot;

    /// <summary>
    /// The engine for this provider's devices, opened on first use and shared by every stream; or null
    /// with the reason no device can be used.
    /// </summary>
    internal HisiZipEngine? GetEngine(TimeSpan timeout, out WarpZipFallbackReason reason, out string detail)
    {
        lock (_engineLock)
        {
            if (_engine is not null && _engine.SetAsideReason is null)
            {
                (reason, detail) = (default, string.Empty);
                return _engine;
            }

            // A set-aside engine is given another chance later with freshly opened queues: the kernel
            // may have reset the device, and a stopped queue must be reopened anyway.
            if (_engine is not null && Environment.TickCount64 - _engine.SetAsideAt < (long)SetAsideRetry.TotalMilliseconds)
            {
                (reason, detail) = (_engine.SetAsideReason!.Value, $"{_engine.Name} was set aside");
                return null;
            }

            if (_engine is not null)
            {
                _engine.Dispose();
                _engine = null;
                _retryAfter = 0;
            }

            if (Environment.TickCount64 < _retryAfter)
            {
                (reason, detail) = _unavailable;
                return null;
            }

            UacceScan scan = UacceDiscovery.Scan(SysfsRoot);
            _engine = HisiZipEngine.Open(this, scan, timeout, out reason, out detail);
            if (_engine is null)
            {
                _unavailable = (reason, detail);
                _retryAfter = Environment.TickCount64 + RescanMilliseconds;
            }

            return _engine;
        }
    }

    /// <summary>How long an engine set aside after repeated failures stays aside before queues are opened again.</summary>
    internal TimeSpan SetAsideRetry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Closes the device queues this provider opened (one set, shared by every stream that uses it),
    /// handing the accelerator back to other processes. Requests still in flight fail and are redone
    /// in software, streams that are running go on in software, and the next stream opens queues
    /// again. Exiting the process closes them too; call this to release them earlier, for instance
    /// when a service goes idle.
    /// </summary>
    public void CloseQueues()
    {
        lock (_engineLock)
        {
            _engine?.Dispose();
            _engine = null;
            _retryAfter = 0;
        }
    }

    internal abstract int PageSize { get; }

    /// <summary>open(O_RDWR | O_CLOEXEC) of the named device's queue file; null with the errno on failure.</summary>
    internal abstract IUacceQueueFile? OpenQueueFile(string deviceName, out int errno);

    private sealed class LinuxDeviceProvider : WarpZipDeviceProvider
    {
        private readonly string _sysfsRoot;
        private readonly string _deviceDirectory;

        public LinuxDeviceProvider(string sysfsRoot, string deviceDirectory)
        {
            ArgumentException.ThrowIfNullOrEmpty(sysfsRoot);
            ArgumentException.ThrowIfNullOrEmpty(deviceDirectory);
            _sysfsRoot = sysfsRoot;
            _deviceDirectory = deviceDirectory;
        }

        public override string Description => $"Linux uacce ({_sysfsRoot})";

        public override bool IsDeviceModel => false;

        internal override string SysfsRoot => _sysfsRoot;

        internal override int PageSize => Environment.SystemPageSize;

        internal override IUacceQueueFile? OpenQueueFile(string deviceName, out int errno)
        {
            if (!OperatingSystem.IsLinux())
            {
                errno = Errno.NoSuchDevice;
                return null;
            }

            return OpenOnLinux(System.IO.Path.Combine(_deviceDirectory, deviceName), out errno);
        }

        [SupportedOSPlatform("linux")]
        private static LinuxQueueFile? OpenOnLinux(string path, out int errno) => LinuxQueueFile.Open(path, out errno);
    }
}
