using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using WarpZip.Hardware.Uacce;

namespace WarpZip.DeviceModel;

/// <summary>
/// A software model of one HiSilicon ZIP device behind uacce, for tests, benchmarks and demos. It
/// writes a sysfs-like directory, opens queue files with the kernel's ioctl and mmap rules over native
/// memory, and runs an engine thread that sees only that memory and the doorbell stores: it takes SQEs
/// up to the doorbell index, reads input at the SQE addresses, writes output, the SQE result words and
/// CQEs with the phase bit. It is never chosen automatically: pass it as <see cref="WarpZipOptions.Devices"/>.
/// </summary>
public sealed class HisiZipDeviceModel : WarpZipDeviceProvider, IDisposable
{
    private readonly string _root;
    private readonly string _deviceDirectory;
    private readonly ConcurrentQueue<DeviceFault> _faults = new();
    private readonly List<ModelQueue> _queues = [];
    private readonly object _lock = new();
    private int _openQueues;
    private int _nextQueueId;
    private bool _disposed;

    /// <summary>Creates the model and its sysfs directory under a fresh temporary folder.</summary>
    public HisiZipDeviceModel(DeviceModelOptions? options = null)
    {
        Options = options ?? new DeviceModelOptions();
        if (Options.QmVersion is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "QmVersion must be 1, 2 or 3.");
        }

        _root = Path.Combine(Path.GetTempPath(), "warpzip-model-" + Guid.NewGuid().ToString("N"));
        _deviceDirectory = Path.Combine(_root, Options.DeviceName);
        Directory.CreateDirectory(Path.Combine(_deviceDirectory, "device"));
        WriteSysfs();
        Engine = new ModelEngine(this);
    }

    /// <summary>The model's configuration.</summary>
    public DeviceModelOptions Options { get; }

    /// <inheritdoc />
    public override string Description => $"hisi_zip device model ({Options.DeviceName}, hisi_qm_v{Options.QmVersion}, software, not hardware)";

    /// <inheritdoc />
    public override bool IsDeviceModel => true;

    /// <summary>The model's sysfs class directory (what /sys/class/uacce is on a real machine).</summary>
    public string SysfsDirectory => _root;

    /// <summary>When set, open() fails with EBUSY as if every queue were taken by other processes.</summary>
    public bool RefuseOpens { get; set; }

    /// <summary>Requests the engine has completed.</summary>
    public long CompletedRequests => Engine.Completed;

    /// <summary>CQ doorbells with the priority bit set: the driver asked for a completion interrupt before sleeping in poll().</summary>
    public long CompletionInterruptsArmed => Engine.InterruptsArmed;

    /// <summary>Queues currently open.</summary>
    public int OpenQueues => Volatile.Read(ref _openQueues);

    internal ModelEngine Engine { get; }

    internal override string SysfsRoot => _root;

    internal override int PageSize => Environment.SystemPageSize;

    /// <summary>Makes a later request fail: the next request, or the one after <paramref name="afterRequests"/> more.</summary>
    public void InjectFault(DeviceFault fault, int afterRequests = 0)
    {
        for (int i = 0; i < afterRequests; i++)
        {
            _faults.Enqueue(DeviceFault.None);
        }

        _faults.Enqueue(fault);
    }

    internal DeviceFault NextFault() => _faults.TryDequeue(out DeviceFault fault) ? fault : DeviceFault.None;

    internal override IUacceQueueFile? OpenQueueFile(string deviceName, out int errno)
    {
        lock (_lock)
        {
            errno = 0;
            if (_disposed || deviceName != Options.DeviceName)
            {
                errno = Errno.NoSuchFile;
                return null;
            }

            if (RefuseOpens || _openQueues >= Options.QueueCount)
            {
                errno = Errno.Busy;
                return null;
            }

            _openQueues++;
            var queue = new ModelQueue(this, _nextQueueId++);
            _queues.Add(queue);
            WriteAvailable();
            return queue;
        }
    }

    internal void Released(ModelQueue queue)
    {
        lock (_lock)
        {
            if (_queues.Remove(queue))
            {
                _openQueues--;
                if (!_disposed)
                {
                    WriteAvailable();
                }
            }
        }
    }

    internal ModelQueue[] SnapshotQueues()
    {
        lock (_lock)
        {
            return _queues.ToArray();
        }
    }

    /// <summary>The DUS size the kernel reports: SQ + CQ rounded up to pages, plus the status page.</summary>
    internal long DusSize => AlignUp((ModelQueue.SqeSize * ModelQueue.Depth) + (16 * ModelQueue.Depth), PageSize) + PageSize;

    internal long MmioSize => Options.QmVersion == 1 ? PageSize : PageSize + AlignUp(0x1000, PageSize);

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private void WriteSysfs()
    {
        Write("api", $"hisi_qm_v{Options.QmVersion}\n");
        Write("flags", (Options.Sva ? 1 : 0x80).ToString(CultureInfo.InvariantCulture) + "\n");
        Write("algorithms", Options.QmVersion >= 3 ? "zlib\ngzip\ndeflate\n" : "zlib\ngzip\n");
        Write("region_mmio_size", MmioSize.ToString(CultureInfo.InvariantCulture) + "\n");
        Write("region_dus_size", DusSize.ToString(CultureInfo.InvariantCulture) + "\n");
        Write("isolate", "0\n");
        File.WriteAllText(Path.Combine(_deviceDirectory, "device", "numa_node"), "0\n");
        WriteAvailable();
    }

    private void WriteAvailable() => Write("available_instances", (Options.QueueCount - _openQueues).ToString(CultureInfo.InvariantCulture) + "\n");

    private void Write(string attribute, string value) => File.WriteAllText(Path.Combine(_deviceDirectory, attribute), value);

    /// <summary>Marks the device isolated in its sysfs directory, as the kernel does after repeated errors.</summary>
    public void Isolate() => Write("isolate", "1\n");

    /// <summary>Closes the engine that WarpZip opened on this model, stops the model and removes its directory.</summary>
    public void Dispose()
    {
        CloseQueues();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Engine.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
