using System;
using System.Runtime.InteropServices;

namespace WarpZip.Software;

/// <summary>
/// Owns one PAL_ZStream in native memory (zlib keeps pointers into it between calls, so it must not
/// move) and releases zlib's state exactly once, even if the owner is never disposed.
/// </summary>
internal abstract unsafe class NativeZStream : SafeHandle
{
    protected NativeZStream()
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(ZLibNative.ZStream)));
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected ZLibNative.ZStream* Stream => (ZLibNative.ZStream*)handle;

    /// <summary>Whether zlib's init succeeded, so End must run.</summary>
    protected bool Initialized { get; set; }

    protected abstract void End(ZLibNative.ZStream* stream);

    protected override bool ReleaseHandle()
    {
        if (Initialized)
        {
            End((ZLibNative.ZStream*)handle);
        }

        NativeMemory.Free((void*)handle);
        return true;
    }
}
