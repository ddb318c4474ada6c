namespace WarpZip.DeviceModel;

/// <summary>A fault the model injects into one request.</summary>
public enum DeviceFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>Complete with a hardware error status (0x05).</summary>
    ErrorStatus,

    /// <summary>Complete with ERR_DSTLEN_OUT (0x0E): output buffer too small.</summary>
    OutputTooSmall,

    /// <summary>Complete with a checksum error status (0x10).</summary>
    ChecksumError,

    /// <summary>Never complete the request (a stalled engine).</summary>
    Stall,

    /// <summary>Set the TX-stop word, as the kernel does when it stops a queue for reset.</summary>
    TxStop,

    /// <summary>Set the RX-stop word before posting the completion.</summary>
    RxStop,

    /// <summary>Post a CQE whose sq_head lies outside the ring.</summary>
    BadSqHead,

    /// <summary>Flip a byte of the output and report success.</summary>
    CorruptOutput,
}
