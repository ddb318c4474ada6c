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
    /// <summary>ioctl(fd, request, argument): the non-negative result, or -1 with <paramref name="errno"/> set.</summary>
    int Ioctl(uint request, void* argument, out int errno);

    /// <summary>mmap(NULL, length, RW, SHARED, fd, region × PAGE): the address, or 0 with <paramref name="errno"/> set.</summary>
    nint Map(UacceRegion region, nuint length, out int errno);

    /// <summary>munmap: 0 on success, otherwise the errno.</summary>
    int Unmap(nint address, nuint length);

    /// <summary>
    /// One 64-bit store to a device register inside the MMIO mapping (a doorbell). On Linux it is a
    /// plain volatile store, no system call; it sits on the seam because a register is not memory:
    /// every store is an event to the device, and a model can only see each one if it is told.
    /// </summary>
    void WriteRegister(ulong* register, ulong value);

    /// <summary>poll(POLLIN) with a timeout: 1 when readable, 0 on timeout, otherwise minus the errno.</summary>
    int WaitReadable(int timeoutMilliseconds);
}
