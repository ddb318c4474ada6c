using System.Buffers;

namespace WarpZip.Pipeline;

/// <summary>Decompressed bytes in a pooled array, handed from a producer to the reader in stream order.</summary>
internal sealed class DecodedBlock
{
    /// <summary>Marks the end of the stream in a read-ahead queue.</summary>
    public static DecodedBlock End { get; } = new(null, 0);

    public DecodedBlock(byte[]? array, int length)
    {
        Array = array;
        Length = length;
    }

    public byte[]? Array { get; private set; }

    public int Length { get; }

    /// <summary>True when the accelerator inflated these bytes.</summary>
    public bool OnDevice { get; init; }

    public void Return()
    {
        if (Array is not null)
        {
            ArrayPool<byte>.Shared.Return(Array);
            Array = null;
        }
    }
}
