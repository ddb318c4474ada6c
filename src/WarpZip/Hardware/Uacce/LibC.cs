using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace WarpZip.Hardware.Uacce;

/// <summary>The Linux system calls the uacce queue file needs; read errno on the very next line after each.</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    public const int ReadWrite = 0x2;          // O_RDWR
    public const int CloseOnExec = 0x80000;    // O_CLOEXEC (x86-64 and arm64)
    public const int ProtReadWrite = 0x3;      // PROT_READ | PROT_WRITE
    public const int MapShared = 0x1;          // MAP_SHARED
    public const short PollIn = 0x1;           // POLLIN
    public const int PageSizeName = 30;        // _SC_PAGESIZE

    public static readonly nint MapFailed = -1;

    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "sysconf")]
    public static partial long Sysconf(int name);

    /// <summary>struct pollfd: 8 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
