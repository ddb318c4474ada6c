using System;
using System.Runtime.InteropServices;

namespace WarpZip.Hardware.Uacce;

/// <summary>
/// One mmap of a queue-file region. Unmapped exactly once; everyone who derived a pointer from it
/// must have stopped using it first (the queue nulls its ring pointers before disposing this).
/// </summary>
internal sealed unsafe class MappedRegion : SafeHandle
{
    private readonly IUacceQueueFile _file;

    public MappedRegion(IUacceQueueFile file, UacceRegion region, nint address, nuint length)
        : base(0, ownsHandle: true)
    {
        _file = file;
        Region = region;
        Length = length;
        SetHandle(address);
    }

    public UacceRegion Region { get; }

    public nuint Length { get; }

    public byte* Pointer => (byte*)handle;

    public override bool IsInvalid => handle == 0;

    /// <summary>A pointer <paramref name="offset"/> bytes in, checked to leave <paramref name="size"/> bytes inside the mapping.</summary>
    public byte* At(ulong offset, ulong size)
    {
        if (offset > Length || size > Length - offset)
        {
            throw new InvalidOperationException($"Offset {offset} + {size} lies outside the {Region} mapping of {Length} bytes.");
        }

        return (byte*)handle + offset;
    }

    protected override bool ReleaseHandle() => _file.Unmap(handle, Length) == 0;
}
