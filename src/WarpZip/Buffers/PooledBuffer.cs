using System;
using System.Buffers;

namespace WarpZip.Buffers;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>; return it with <see cref="Dispose"/>.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array;

    public PooledBuffer(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
        Diagnostics.ResourceCounters.PooledBufferCreated();
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; set; }

    public Span<byte> WrittenSpan => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Length);

    /// <summary>The free space after <see cref="Length"/>, grown to at least <paramref name="sizeHint"/> bytes.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_array.Length - Length < sizeHint)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(checked(Math.Max(Length + sizeHint, _array.Length * 2)));
            _array.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

        return _array.AsSpan(Length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Hands the array (with <see cref="Length"/> bytes written) to the caller, who must return it to the pool.</summary>
    public byte[] Detach(out int length)
    {
        byte[] array = _array;
        length = Length;
        _array = [];
        Length = 0;
        Diagnostics.ResourceCounters.PooledBufferReleased();
        return array;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        Length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
            Diagnostics.ResourceCounters.PooledBufferReleased();
        }
    }
}
