namespace WarpZip.Formats;

/// <summary>
/// Combines the CRC-32s of two adjacent byte runs without touching the bytes, so chunks can be
/// checksummed on different workers. CRC is linear over GF(2): appending n zero bits to A is a
/// linear map, applied here as repeated squaring of the one-zero-bit operator (as zlib does).
/// </summary>
internal static class Crc32Combine
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    public static uint Combine(uint crcA, uint crcB, long lengthB)
    {
        if (lengthB <= 0)
        {
            return crcA;
        }

        // x^(8 * lengthB) mod P applied to crcA, then xor crcB.
        return MultiplyModP(PowerOfXModP(lengthB), crcA) ^ crcB;
    }

    // a * b modulo P, in the reflected bit order CRC-32 uses (bit 31 is the x^0 coefficient).
    private static uint MultiplyModP(uint a, uint b)
    {
        uint product = 0;
        for (uint m = 1u << 31; m != 0; m >>= 1)
        {
            if ((a & m) != 0)
            {
                product ^= b;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ ReflectedPolynomial : b >> 1;
        }

        return product;
    }

    // x^(8 n) modulo P by square-and-multiply over the bits of n.
    private static uint PowerOfXModP(long bytes)
    {
        uint result = 1u << 31;
        uint power = XToThe8;
        while (bytes != 0)
        {
            if ((bytes & 1) != 0)
            {
                result = MultiplyModP(power, result);
            }

            bytes >>= 1;
            power = MultiplyModP(power, power);
        }

        return result;
    }

    private static readonly uint XToThe8 = ComputeXToThe8();

    private static uint ComputeXToThe8()
    {
        uint x1 = 1u << 30;
        uint x2 = MultiplyModP(x1, x1);
        uint x4 = MultiplyModP(x2, x2);
        return MultiplyModP(x4, x4);
    }
}
