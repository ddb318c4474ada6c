using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Linq;

namespace WarpZip.Tests.Robustness;

/// <summary>One symbol of a compressed block: a literal, a match, the end of block, or a raw code.</summary>
public readonly record struct DeflateSymbol(int LitLen, int Length, int Distance, int RawDistanceCode)
{
    /// <summary>A literal byte.</summary>
    public static DeflateSymbol Literal(byte value) => new(value, 0, 0, -1);

    /// <summary>A back-reference of <paramref name="length"/> bytes (3–258) at <paramref name="distance"/> (1–32768).</summary>
    public static DeflateSymbol Match(int length, int distance) => new(-1, length, distance, -1);

    /// <summary>End of block (symbol 256).</summary>
    public static DeflateSymbol EndOfBlock => new(256, 0, 0, -1);

    /// <summary>
    /// A literal/length symbol written as is (e.g. the reserved 286/287), followed, when
    /// <paramref name="distanceCode"/> is not -1, by that distance code (e.g. the reserved 30/31) with zero extra bits.
    /// </summary>
    public static DeflateSymbol Raw(int litLenSymbol, int distanceCode = -1) => new(litLenSymbol, 0, 0, distanceCode);
}

/// <summary>
/// Writes DEFLATE (RFC 1951) bit by bit, so tests can build any stream, valid or not, that no encoder
/// would produce: stored blocks with any LEN/NLEN, fixed or dynamic Huffman blocks with any code lengths
/// (over-subscribed, incomplete, empty), reserved symbols and block type 3. Written from the RFC.
/// </summary>
public sealed class DeflateWriter
{
    /// <summary>The order in which code-length code lengths are sent (RFC 1951 3.2.7).</summary>
    private static readonly int[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private static readonly int[] LengthBase =
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];

    private static readonly int[] LengthExtra =
        [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

    private static readonly int[] DistanceBase =
        [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];

    private static readonly int[] DistanceExtra =
        [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    private readonly List<byte> _bytes = [];
    private ulong _bits;
    private int _bitCount;

    /// <summary>The fixed literal/length code lengths (288 symbols).</summary>
    public static int[] FixedLitLenLengths()
    {
        var lengths = new int[288];
        for (int i = 0; i < 288; i++)
        {
            lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
        }

        return lengths;
    }

    /// <summary>The fixed distance code lengths (32 symbols, all 5 bits).</summary>
    public static int[] FixedDistanceLengths() => Enumerable.Repeat(5, 32).ToArray();

    /// <summary>Appends <paramref name="count"/> bits of <paramref name="value"/>, least significant first.</summary>
    public DeflateWriter Bits(uint value, int count)
    {
        _bits |= (ulong)(value & ((1u << count) - 1)) << _bitCount;
        _bitCount += count;
        while (_bitCount >= 8)
        {
            _bytes.Add((byte)_bits);
            _bits >>= 8;
            _bitCount -= 8;
        }

        return this;
    }

    /// <summary>Pads to a byte boundary with zero bits.</summary>
    public DeflateWriter Align()
    {
        if (_bitCount > 0)
        {
            Bits(0, 8 - _bitCount);
        }

        return this;
    }

    /// <summary>A block header: BFINAL and the 2-bit BTYPE (3 is reserved).</summary>
    public DeflateWriter BlockHeader(bool final, int type) => Bits(final ? 1u : 0u, 1).Bits((uint)type, 2);

    /// <summary>A stored block; <paramref name="nlen"/> overrides the one's complement of LEN.</summary>
    public DeflateWriter Stored(bool final, ReadOnlySpan<byte> data, int? nlen = null)
    {
        BlockHeader(final, 0).Align();
        Bits((uint)data.Length, 16).Bits((uint)(nlen ?? (~data.Length & 0xFFFF)), 16);
        foreach (byte b in data)
        {
            _bytes.Add(b);
        }

        return this;
    }

    /// <summary>A block with the fixed codes.</summary>
    public DeflateWriter Fixed(bool final, IEnumerable<DeflateSymbol> symbols)
    {
        BlockHeader(final, 1);
        return Symbols(symbols, Canonical(FixedLitLenLengths()), Canonical(FixedDistanceLengths()), FixedLitLenLengths(), FixedDistanceLengths());
    }

    /// <summary>
    /// A dynamic block whose code lengths are sent one by one with a complete code-length code
    /// (symbols 0–14 and 16, four bits each). <paramref name="codeLengthPrefix"/> goes before them:
    /// raw code-length symbols with their extra bits, e.g. a repeat (16) with no previous length.
    /// Symbols are encoded with canonical codes built from the given lengths, whatever their validity.
    /// </summary>
    public DeflateWriter Dynamic(bool final, int[] litLenLengths, int[] distanceLengths, IEnumerable<DeflateSymbol> symbols,
        IEnumerable<(int Symbol, int Extra)>? codeLengthPrefix = null, int? hlitOverride = null, int? hdistOverride = null)
    {
        BlockHeader(final, 2);
        var clLengths = new int[19];
        for (int i = 0; i <= 14; i++)
        {
            clLengths[i] = 4;
        }

        clLengths[16] = 4;
        Bits((uint)((hlitOverride ?? litLenLengths.Length) - 257), 5);
        Bits((uint)((hdistOverride ?? distanceLengths.Length) - 1), 5);
        Bits(19 - 4, 4);
        foreach (int symbol in CodeLengthOrder)
        {
            Bits((uint)clLengths[symbol], 3);
        }

        uint[] clCodes = Canonical(clLengths);
        if (codeLengthPrefix is not null)
        {
            foreach ((int symbol, int extra) in codeLengthPrefix)
            {
                Huffman(clCodes[symbol], clLengths[symbol]);
                if (symbol == 16)
                {
                    Bits((uint)extra, 2);
                }
            }
        }

        foreach (int length in litLenLengths)
        {
            Huffman(clCodes[length], 4);
        }

        foreach (int length in distanceLengths)
        {
            Huffman(clCodes[length], 4);
        }

        return Symbols(symbols, Canonical(litLenLengths), Canonical(distanceLengths), litLenLengths, distanceLengths);
    }

    /// <summary>The bytes so far, the last partial byte padded with zero bits.</summary>
    public byte[] ToArray()
    {
        var result = new List<byte>(_bytes);
        if (_bitCount > 0)
        {
            result.Add((byte)_bits);
        }

        return [.. result];
    }

    private DeflateWriter Symbols(IEnumerable<DeflateSymbol> symbols, uint[] litCodes, uint[] distCodes, int[] litLengths, int[] distLengths)
    {
        foreach (DeflateSymbol symbol in symbols)
        {
            if (symbol.LitLen >= 0)
            {
                Huffman(litCodes[symbol.LitLen], litLengths[symbol.LitLen]);
                if (symbol.RawDistanceCode >= 0)
                {
                    Huffman(distCodes[symbol.RawDistanceCode], distLengths[symbol.RawDistanceCode]);
                }

                continue;
            }

            int lengthCode = Array.FindLastIndex(LengthBase, b => b <= symbol.Length);
            Huffman(litCodes[257 + lengthCode], litLengths[257 + lengthCode]);
            Bits((uint)(symbol.Length - LengthBase[lengthCode]), LengthExtra[lengthCode]);
            int distanceCode = Array.FindLastIndex(DistanceBase, b => b <= symbol.Distance);
            Huffman(distCodes[distanceCode], distLengths[distanceCode]);
            Bits((uint)(symbol.Distance - DistanceBase[distanceCode]), DistanceExtra[distanceCode]);
        }

        return this;
    }

    // Huffman codes are sent most significant bit first.
    private void Huffman(uint code, int length)
    {
        for (int i = length - 1; i >= 0; i--)
        {
            Bits((code >> i) & 1, 1);
        }
    }

    /// <summary>Canonical codes for the lengths (RFC 1951 3.2.2); lengths need not form a valid code.</summary>
    private static uint[] Canonical(int[] lengths)
    {
        var count = new int[16];
        foreach (int length in lengths)
        {
            count[length]++;
        }

        count[0] = 0;
        var next = new uint[16];
        uint code = 0;
        for (int bits = 1; bits < 16; bits++)
        {
            code = (code + (uint)count[bits - 1]) << 1;
            next[bits] = code;
        }

        var codes = new uint[lengths.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] != 0)
            {
                codes[i] = next[lengths[i]]++;
            }
        }

        return codes;
    }
}

/// <summary>Wraps raw DEFLATE in gzip (RFC 1952) or zlib (RFC 1950) framing, every field settable.</summary>
public static class Framing
{
    /// <summary>A gzip member; each argument overrides one field (null = correct value).</summary>
    public static byte[] GZip(byte[] deflate, byte[] payload, byte? id1 = null, byte? id2 = null, byte? method = null,
        byte flags = 0, byte[]? extra = null, byte[]? name = null, byte[]? comment = null, bool headerCrc = false,
        int headerCrcDelta = 0, uint? crc = null, uint? isize = null)
    {
        var header = new List<byte> { id1 ?? 0x1F, id2 ?? 0x8B, method ?? 8 };
        byte flg = (byte)(flags | (headerCrc ? 0x02 : 0) | (extra is null ? 0 : 0x04) | (name is null ? 0 : 0x08) | (comment is null ? 0 : 0x10));
        header.AddRange([flg, 0, 0, 0, 0, 0, 3]);
        if (extra is not null)
        {
            header.Add((byte)extra.Length);
            header.Add((byte)(extra.Length >> 8));
            header.AddRange(extra);
        }

        if (name is not null)
        {
            header.AddRange(name);
            header.Add(0);
        }

        if (comment is not null)
        {
            header.AddRange(comment);
            header.Add(0);
        }

        if (headerCrc)
        {
            uint value = Crc32.HashToUInt32([.. header]);
            header.Add((byte)(value + headerCrcDelta));
            header.Add((byte)((value + (uint)headerCrcDelta) >> 8));
        }

        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc ?? Crc32.HashToUInt32(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), isize ?? (uint)payload.Length);
        return [.. header, .. deflate, .. trailer];
    }

    /// <summary>A zlib stream; <paramref name="cmf"/>/<paramref name="flg"/> override the header (FCHECK is fixed up unless <paramref name="badCheck"/>).</summary>
    public static byte[] ZLib(byte[] deflate, byte[] payload, byte cmf = 0x78, byte flgLevel = 0x80, bool dictionary = false,
        bool badCheck = false, uint? adler = null)
    {
        int flg = flgLevel | (dictionary ? 0x20 : 0);
        flg &= 0xE0;
        int check = 31 - (((cmf << 8) | flg) % 31);
        flg |= check == 31 ? 0 : check;
        if (badCheck)
        {
            flg ^= 0x01;
        }

        var result = new List<byte> { cmf, (byte)flg };
        if (dictionary)
        {
            result.AddRange([0, 0, 0, 1]); // DICTID of an empty dictionary
        }

        result.AddRange(deflate);
        var trailer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, adler ?? Adler32Of(payload));
        result.AddRange(trailer);
        return [.. result];
    }

    /// <summary>Adler-32 computed here from RFC 1950, independently of the library.</summary>
    public static uint Adler32Of(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (byte value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
