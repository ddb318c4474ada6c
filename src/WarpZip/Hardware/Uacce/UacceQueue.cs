using System;
using System.Collections.Generic;

namespace WarpZip.Hardware.Uacce;

/// <summary>
/// One opened uacce queue: the file, its mappings and the generic ioctls. Knows nothing about
/// compression. Teardown follows UADK: PUT_Q, then munmap, then close. (Newer kernels free the hardware
/// queue at PUT_Q even while mappings hold the file; Debian's 6.1 uacce only stops it there and frees it
/// at the last close, as the VM stage in tests/vm showed — either way it is free once we return.)
/// </summary>
internal sealed unsafe class UacceQueue : IDisposable
{
    private readonly IUacceQueueFile _file;
    private readonly List<MappedRegion> _mappings = [];
    private bool _started;
    private bool _disposed;

    private UacceQueue(UacceDevice device, IUacceQueueFile file, int pageSize)
    {
        Device = device;
        _file = file;
        PageSize = pageSize;
    }

    public UacceDevice Device { get; }

    public int PageSize { get; }

    /// <summary>Opens a queue on <paramref name="device"/>; throws <see cref="UacceOpenException"/> with the errno.</summary>
    public static UacceQueue Open(WarpZipDeviceProvider provider, UacceDevice device)
    {
        IUacceQueueFile? file = provider.OpenQueueFile(device.Name, out int errno);
        if (file is null)
        {
            throw new UacceOpenException(device.Name, errno);
        }

        return new UacceQueue(device, file, provider.PageSize);
    }

    /// <summary>Maps <paramref name="region"/> with exactly <paramref name="length"/> bytes; the queue unmaps it on dispose.</summary>
    public MappedRegion Map(UacceRegion region, nuint length)
    {
        nint address = _file.Map(region, length, out int errno);
        if (address == 0)
        {
            throw Failure($"mmap({region})", errno);
        }

        var mapping = new MappedRegion(_file, region, address, length);
        _mappings.Add(mapping);
        return mapping;
    }

    /// <summary>ioctl that must succeed: its non-negative result.</summary>
    public int Ioctl(uint request, void* argument, string operation)
    {
        int result = _file.Ioctl(request, argument, out int errno);
        if (result < 0)
        {
            throw Failure(operation, errno);
        }

        return result;
    }

    /// <summary>ioctl whose failure the caller handles (e.g. SET_QP_INFO on older kernels): the errno, or 0.</summary>
    public int TryIoctl(uint request, void* argument) => _file.Ioctl(request, argument, out int errno) < 0 ? errno : 0;

    /// <summary>A doorbell store into the MMIO mapping (one 64-bit write, no system call on Linux).</summary>
    public void WriteRegister(ulong* register, ulong value) => _file.WriteRegister(register, value);

    public void Start()
    {
        _ = Ioctl(UacceIoctl.StartQueue, null, "ioctl(UACCE_CMD_START_Q)");
        _started = true;
    }

    /// <summary>Sleeps in poll() until the driver reports completions or the timeout passes.</summary>
    public bool WaitForCompletions(int timeoutMilliseconds)
    {
        int result = _file.WaitReadable(timeoutMilliseconds);
        if (result < 0 && -result != Errno.Interrupted)
        {
            throw Failure("poll", -result);
        }

        return result > 0;
    }

    public WarpZipDeviceException Failure(string operation, int errno) =>
        new($"{operation} on {Device.Name} failed with errno {errno}.", Device.Name, operation, errno);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_started)
        {
            _ = _file.Ioctl(UacceIoctl.PutQueue, null, out _);
        }

        foreach (MappedRegion mapping in _mappings)
        {
            mapping.Dispose();
        }

        _mappings.Clear();
        _file.Dispose();
    }
}

/// <summary>open() of a queue file failed; the errno says why (EBUSY: no free queue; EACCES: permissions).</summary>
internal sealed class UacceOpenException : Exception
{
    public UacceOpenException(string device, int errno)
        : base($"open(/dev/{device}) failed with errno {errno}.")
    {
        Device = device;
        Errno = errno;
    }

    public string Device { get; }

    public int Errno { get; }
}
