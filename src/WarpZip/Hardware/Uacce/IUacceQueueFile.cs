using System;

namespace WarpZip.Hardware.Uacce;

/// <summary>
/// The system calls made on one opened uacce queue file: the seam between WarpZip's driver and the
/// kernel. On Linux each member is one syscall (<see cref="LinuxQueueFile"/>); the device model
/// implements the same contract over shared memory. Results are returned as the syscall would
/// (a value plus errno), never thrown, so the layer above decides what an errno means.
/// </summary>
internal unsafe interface IUacceQueueFile : IDisposable
{
    /// <summary>ioctl(fd, request, argument): 0 on success, otherwise the errno.</summary>
    int Ioctl(uint request, void* argument);

    /// <summary>mmap(NULL, length, RW, SHARED, fd, region × PAGE): the address, or 0 with <paramref name="errno"/> set.</summary>
    nint Map(UacceRegion region, nuint length, out int errno);

    /// <summary>munmap: 0 on success, otherwise the errno.</summary>
    int Unmap(nint address, nuint length);

    /// <summary>poll(POLLIN) with a timeout: 1 when readable, 0 on timeout, otherwise minus the errno.</summary>
    int WaitReadable(int timeoutMilliseconds);
}
