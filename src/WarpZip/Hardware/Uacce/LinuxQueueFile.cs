using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace WarpZip.Hardware.Uacce;

/// <summary>A real <c>/dev/&lt;name&gt;</c> queue file: every member is one Linux system call.</summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class LinuxQueueFile : IUacceQueueFile
{
    private readonly FileDescriptorHandle _fd;

    private LinuxQueueFile(FileDescriptorHandle fd)
    {
        _fd = fd;
    }

    /// <summary>open(path, O_RDWR | O_CLOEXEC): the file, or null with <paramref name="errno"/> (EBUSY = no free queue).</summary>
    public static LinuxQueueFile? Open(string path, out int errno)
    {
        int fd = LibC.Open(path, LibC.ReadWrite | LibC.CloseOnExec);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new LinuxQueueFile(new FileDescriptorHandle(fd));
    }

    public int Ioctl(uint request, void* argument, out int errno)
    {
        int result = LibC.Ioctl(Fd, request, argument);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    public nint Map(UacceRegion region, nuint length, out int errno)
    {
        nint address = LibC.Mmap(0, length, LibC.ProtReadWrite, LibC.MapShared, Fd, (nint)region * Environment.SystemPageSize);
        errno = address == LibC.MapFailed ? Marshal.GetLastPInvokeError() : 0;
        return address == LibC.MapFailed ? 0 : address;
    }

    public int Unmap(nint address, nuint length)
    {
        int result = LibC.Munmap(address, length);
        return result < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    public void WriteRegister(ulong* register, ulong value) => System.Threading.Volatile.Write(ref *register, value);

    public int WaitReadable(int timeoutMilliseconds)
    {
        var entry = new LibC.PollFd { Fd = Fd, Events = LibC.PollIn };
        int result = LibC.Poll(&entry, 1, timeoutMilliseconds);
        if (result < 0)
        {
            return -Marshal.GetLastPInvokeError();
        }

        return result > 0 && (entry.ReturnedEvents & LibC.PollIn) != 0 ? 1 : 0;
    }

    private int Fd => (int)_fd.DangerousGetHandle();

    public void Dispose() => _fd.Dispose();

    /// <summary>Owns the descriptor; closes it exactly once.</summary>
    private sealed class FileDescriptorHandle : SafeHandle
    {
        public FileDescriptorHandle(int fd)
            : base(-1, ownsHandle: true)
        {
            SetHandle(fd);
        }

        public override bool IsInvalid => handle < 0;

        protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
    }
}
