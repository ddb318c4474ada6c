using System;

namespace WarpZip.Formats;

/// <summary>Adler-32 (RFC 1950) over chunks, and the combination of two chunks' values.</summary>
internal static class Adler32
{
    private const uint Base = 65521;

    // The largest n such that 255 n (n + 1) / 2 + (n + 1)(Base - 1) fits in 32 bits: sums may be
    // deferred for this many bytes before reducing modulo Base.
    private const int MaxDeferred = 5552;

    public const uint Initial = 1;

    public static uint Update(uint adler, ReadOnlySpan<byte> data)
    {
        uint a = adler & 0xFFFF;
        uint b = adler >> 16;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, MaxDeferred);
            foreach (byte value in data[..n])
            {
                a += value;
                b += a;
            }

            a %= Base;
            b %= Base;
            data = data[n..];
        }

        return (b << 16) | a;
    }

    /// <summary>The Adler-32 of A followed by B, from adler(A), adler(B) and B's length.</summary>
    public static uint Combine(uint adlerA, uint adlerB, long lengthB)
    {
        uint remainder = (uint)(lengthB % Base);
        ulong a1 = adlerA & 0xFFFF;
        ulong b1 = adlerA >> 16;
        ulong a2 = adlerB & 0xFFFF;
        ulong b2 = adlerB >> 16;

        // a = a1 + a2 - 1; b = b1 + b2 + remainder * (a1 - 1), all modulo Base.
        ulong a = (a1 + a2 + Base - 1) % Base;
        ulong b = (b1 + b2 + (remainder * ((a1 + Base - 1) % Base))) % Base;
        return (uint)((b << 16) | a);
    }
}
