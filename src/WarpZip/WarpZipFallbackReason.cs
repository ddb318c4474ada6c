namespace WarpZip;

/// <summary>Why work that could have gone to the accelerator ran in software instead.</summary>
public enum WarpZipFallbackReason
{
    /// <summary>No uacce device with zlib/gzip was found.</summary>
    NoDevice,

    /// <summary>Every queue of every device was taken (open returned EBUSY), or all request slots were busy.</summary>
    NoFreeQueue,

    /// <summary>The device node could not be opened for lack of permission (EACCES/EPERM).</summary>
    PermissionDenied,

    /// <summary>The kernel isolated the device after hardware errors.</summary>
    DeviceIsolated,

    /// <summary>A documented policy sent it to software (e.g. SmallestSize, or a framing the device path does not produce).</summary>
    LevelPolicy,

    /// <summary>The device completed a request with an error status (or output that failed its checks).</summary>
    DeviceErrorStatus,

    /// <summary>The device did not complete a request within the configured timeout.</summary>
    Timeout,

    /// <summary>The kernel stopped the queue (reset or error handling).</summary>
    QueueStopped,
}
