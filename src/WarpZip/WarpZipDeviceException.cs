using System;
using System.IO;

namespace WarpZip;

/// <summary>
/// A hardware accelerator could not do what the caller demanded (<see cref="WarpZipBackend.Hardware"/>).
/// Never thrown when a software path can finish the job.
/// </summary>
public sealed class WarpZipDeviceException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WarpZipDeviceException(string message, string? device = null, string? operation = null, int errno = 0)
        : base(message)
    {
        Device = device;
        Operation = operation;
        Errno = errno;
    }

    /// <summary>Creates the exception.</summary>
    public WarpZipDeviceException()
        : this("The hardware accelerator could not be used.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public WarpZipDeviceException(string message)
        : this(message, null, null, 0)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WarpZipDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The device (e.g. <c>/dev/hisi_zip-0</c>), when one was involved.</summary>
    public string? Device { get; }

    /// <summary>The operation that failed (e.g. <c>ioctl(START_Q)</c>), when known.</summary>
    public string? Operation { get; }

    /// <summary>The errno the operation reported, or 0.</summary>
    public int Errno { get; }
}
