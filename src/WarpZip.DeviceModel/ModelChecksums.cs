using System;

namespace WarpZip.DeviceModel;

/// <summary>
/// Running CRC-32 and Adler-32 as the modelled device keeps them between stream requests. Written
/// here rather than taken from the library, so the model does not share the code it checks.
/// </summary>
internal static class ModelChecksums
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        uint register = ~crc;
        foreach (byte value in data)
        {
            register = CrcTable[(register ^ value) & 0xFF] ^ (register >> 8);
        }

        return ~register;
    }

    public static uint Adler32(uint adler, ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = adler & 0xFFFF;
        uint b = adler >> 16;
        while (!data.IsEmpty)
        {
            int run = Math.Min(data.Length, 5552);
            foreach (byte value in data[..run])
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[run..];
        }

        return (b << 16) | a;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
