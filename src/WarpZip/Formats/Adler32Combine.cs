using System;

namespace WarpZip.Formats;

/// <summary>
/// Combining the Adler-32 values (RFC 1950) of consecutive chunks; the values themselves come from
/// System.IO.Hashing's vectorized Adler32.
/// </summary>
internal static class Adler32Combine
{
    private const uint Base = 65521;

    public const uint Initial = 1;

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
