namespace WarpZip.Hardware.Uacce;

/// <summary>The errno values the uacce ABI gives meaning to.</summary>
internal static class Errno
{
    public const int NoSuchDeviceOrAddress = 6;  // ENXIO: the queue is dead (PUT_Q, removal)
    public const int PermissionDenied = 13;      // EACCES
    public const int BadAddress = 14;            // EFAULT
    public const int Busy = 16;                  // EBUSY: no free queue
    public const int Exists = 17;                // EEXIST: region mapped twice
    public const int NoSuchDevice = 19;          // ENODEV
    public const int Invalid = 22;               // EINVAL
    public const int Interrupted = 4;            // EINTR
    public const int NotPermitted = 1;           // EPERM
    public const int NoSuchFile = 2;             // ENOENT
}
