using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>One generated stream: a file-safe name whose extension (.gz, .zlib, .deflate) is its format.</summary>
public sealed record MalformedCase(string Name, byte[] Bytes)
{
    public string Format => System.IO.Path.GetExtension(Name);
}

/// <summary>
/// The malformed and unusual-but-valid streams of the robustness suite, built bit by bit with
/// <see cref="DeflateWriter"/>. Every DEFLATE body is also wrapped in gzip and zlib framing.
/// </summary>
public static class MalformedStreams
{
    private static readonly byte[] Abc = Encoding.ASCII.GetBytes("abcabcabc");

    /// <summary>Every case, for all three formats.</summary>
    public static List<MalformedCase> All()
    {
        var cases = new List<MalformedCase>();
        foreach ((string name, byte[] body, byte[] payload) in Bodies())
        {
            cases.Add(new($"body_{name}.deflate", body));
            cases.Add(new($"body_{name}.gz", Framing.GZip(body, payload)));
            cases.Add(new($"body_{name}.zlib", Framing.ZLib(body, payload)));
        }

        cases.AddRange(GZipCases());
        cases.AddRange(ZLibCases());
        cases.AddRange(Truncations());
        return cases;
    }

    private static byte[] FixedAbc() =>
        new DeflateWriter().Fixed(true, [.. "abc".Select(c => DeflateSymbol.Literal((byte)c)), DeflateSymbol.Match(6, 3), DeflateSymbol.EndOfBlock]).ToArray();

    /// <summary>Lengths for a dynamic block: the given literals and end-of-block at <paramref name="bits"/> bits each.</summary>
    private static int[] LitLengths(int bits, params int[] symbols)
    {
        var lengths = new int[Math.Max(257, symbols.Max() + 1)];
        foreach (int symbol in symbols)
        {
            lengths[symbol] = bits;
        }

        return lengths;
    }

    private static IEnumerable<(string Name, byte[] Body, byte[] Payload)> Bodies()
    {
        byte[] none = [];
        IEnumerable<DeflateSymbol> abcLiterals = "abc".Select(c => DeflateSymbol.Literal((byte)c));

        yield return ("valid_fixed", FixedAbc(), Abc);
        yield return ("block_type_3", new DeflateWriter().BlockHeader(true, 3).Bits(0, 13).ToArray(), none);
        yield return ("block_type_3_after_stored", new DeflateWriter().Stored(false, Abc).BlockHeader(true, 3).Bits(0, 13).ToArray(), Abc);
        yield return ("stored_nlen_mismatch", new DeflateWriter().Stored(true, Abc, nlen: 0x1234).ToArray(), Abc);
        yield return ("stored_nlen_equal_len", new DeflateWriter().Stored(true, Abc, nlen: Abc.Length).ToArray(), Abc);

        // Literal/length code sets: a (97), b, c, end of block (256).
        int[] complete = LitLengths(2, 97, 98, 99, 256);
        int[] single = [1];
        yield return ("valid_dynamic", new DeflateWriter().Dynamic(true, complete, single, [.. abcLiterals, DeflateSymbol.EndOfBlock]).ToArray(), Encoding.ASCII.GetBytes("abc"));
        int[] oversubscribed = LitLengths(1, 97, 98, 99, 256);
        yield return ("litlen_oversubscribed", new DeflateWriter().Dynamic(true, oversubscribed, single, [DeflateSymbol.EndOfBlock]).ToArray(), none);
        int[] incomplete = LitLengths(3, 97, 98, 256);
        yield return ("litlen_incomplete", new DeflateWriter().Dynamic(true, incomplete, single, [DeflateSymbol.Literal(97), DeflateSymbol.EndOfBlock]).ToArray(), "a"u8.ToArray());
        int[] noEnd = LitLengths(2, 97, 98, 99, 100);
        yield return ("litlen_no_end_of_block", new DeflateWriter().Dynamic(true, noEnd, single, [DeflateSymbol.Literal(97)]).ToArray(), "a"u8.ToArray());

        // Distance code sets next to a complete literal/length set with one length symbol (257 = length 3).
        int[] withLength = LitLengths(2, 97, 98, 256, 257);
        DeflateSymbol[] aaaa = [DeflateSymbol.Literal(97), DeflateSymbol.Match(3, 1), DeflateSymbol.EndOfBlock];
        byte[] a4 = "aaaa"u8.ToArray();
        yield return ("distance_single_code_valid", new DeflateWriter().Dynamic(true, withLength, [1], aaaa).ToArray(), a4);
        yield return ("distance_empty_set_valid", new DeflateWriter().Dynamic(true, complete, [0], [.. abcLiterals, DeflateSymbol.EndOfBlock]).ToArray(), Encoding.ASCII.GetBytes("abc"));
        yield return ("distance_empty_set_used", new DeflateWriter().Dynamic(true, withLength, [0], aaaa).ToArray(), a4);
        yield return ("distance_oversubscribed", new DeflateWriter().Dynamic(true, withLength, [1, 1, 1], aaaa).ToArray(), a4);
        yield return ("distance_incomplete", new DeflateWriter().Dynamic(true, withLength, [2, 2], aaaa).ToArray(), a4);
        yield return ("codelength_repeat_without_previous",
            new DeflateWriter().Dynamic(true, LitLengths(2, 97, 98, 99, 256)[3..], single, [], codeLengthPrefix: [(16, 0)], hlitOverride: 257).ToArray(), none);
        yield return ("hlit_288_too_many", new DeflateWriter().Dynamic(true, [.. complete, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], single, [DeflateSymbol.EndOfBlock]).ToArray(), none);
        yield return ("hdist_31_too_many", new DeflateWriter().Dynamic(true, complete, [1, .. new int[30]], [DeflateSymbol.EndOfBlock]).ToArray(), none);
        yield return ("hdist_32_too_many", new DeflateWriter().Dynamic(true, complete, [1, .. new int[31]], [DeflateSymbol.EndOfBlock]).ToArray(), none);

        // Reserved symbols in a fixed block.
        yield return ("litlen_symbol_286", new DeflateWriter().Fixed(true, [DeflateSymbol.Literal(97), DeflateSymbol.Raw(286), DeflateSymbol.EndOfBlock]).ToArray(), "a"u8.ToArray());
        yield return ("litlen_symbol_287", new DeflateWriter().Fixed(true, [DeflateSymbol.Literal(97), DeflateSymbol.Raw(287), DeflateSymbol.EndOfBlock]).ToArray(), "a"u8.ToArray());
        yield return ("distance_symbol_30", new DeflateWriter().Fixed(true, [DeflateSymbol.Literal(97), DeflateSymbol.Raw(257, 30), DeflateSymbol.EndOfBlock]).ToArray(), "a"u8.ToArray());
        yield return ("distance_symbol_31", new DeflateWriter().Fixed(true, [DeflateSymbol.Literal(97), DeflateSymbol.Raw(257, 31), DeflateSymbol.EndOfBlock]).ToArray(), "a"u8.ToArray());

        // Distances.
        yield return ("distance_too_far_at_start", new DeflateWriter().Fixed(true, [DeflateSymbol.Match(3, 1), DeflateSymbol.EndOfBlock]).ToArray(), none);
        yield return ("distance_too_far_by_one", new DeflateWriter().Fixed(true, [.. abcLiterals, DeflateSymbol.Match(3, 4), DeflateSymbol.EndOfBlock]).ToArray(), none);
        byte[] window = TestData.Create(DataKind.Random, 32768, seed: 5);
        byte[] windowThenMatch = [.. window, .. window.AsSpan(0, 258).ToArray()];
        yield return ("distance_32768_valid", new DeflateWriter().Stored(false, window).Fixed(true, [DeflateSymbol.Match(258, 32768), DeflateSymbol.EndOfBlock]).ToArray(), windowThenMatch);
        yield return ("distance_32768_one_short", new DeflateWriter().Stored(false, window.AsSpan(1)).Fixed(true, [DeflateSymbol.Match(258, 32768), DeflateSymbol.EndOfBlock]).ToArray(), none);

        // Many blocks, big blocks, no final block.
        var emptyStored = new DeflateWriter();
        for (int i = 0; i < 5000; i++)
        {
            emptyStored.Stored(false, []);
        }

        yield return ("empty_stored_x5000", emptyStored.Stored(true, Abc).ToArray(), Abc);
        var emptyFixed = new DeflateWriter();
        for (int i = 0; i < 20000; i++)
        {
            emptyFixed.Fixed(false, [DeflateSymbol.EndOfBlock]);
        }

        yield return ("empty_fixed_x20000", emptyFixed.Fixed(true, [DeflateSymbol.Literal(97), DeflateSymbol.EndOfBlock]).ToArray(), "a"u8.ToArray());
        byte[] big = TestData.Create(DataKind.Random, 3 * 65535, seed: 6);
        yield return ("stored_max_size_x3", new DeflateWriter().Stored(false, big.AsSpan(0, 65535)).Stored(false, big.AsSpan(65535, 65535)).Stored(true, big.AsSpan(131070)).ToArray(), big);
        yield return ("no_final_block", new DeflateWriter().Stored(false, Abc).ToArray(), Abc);
        yield return ("trailing_garbage_after_final", [.. FixedAbc(), .. TestData.Create(DataKind.Random, 100, seed: 7)], Abc);
    }

    private static IEnumerable<MalformedCase> GZipCases()
    {
        byte[] body = FixedAbc();
        yield return new("gz_bad_id1.gz", Framing.GZip(body, Abc, id1: 0x1E));
        yield return new("gz_bad_id2.gz", Framing.GZip(body, Abc, id2: 0x8C));
        yield return new("gz_method_7.gz", Framing.GZip(body, Abc, method: 7));
        yield return new("gz_method_9.gz", Framing.GZip(body, Abc, method: 9));
        foreach (byte reserved in new byte[] { 0x20, 0x40, 0x80 })
        {
            yield return new($"gz_reserved_flag_{reserved:X2}.gz", Framing.GZip(body, Abc, flags: reserved));
        }

        yield return new("gz_ftext_valid.gz", Framing.GZip(body, Abc, flags: 0x01));
        yield return new("gz_fhcrc_valid.gz", Framing.GZip(body, Abc, headerCrc: true, name: "n"u8.ToArray()));
        yield return new("gz_fhcrc_bad.gz", Framing.GZip(body, Abc, headerCrc: true, name: "n"u8.ToArray(), headerCrcDelta: 1));
        yield return new("gz_crc32_bad.gz", Framing.GZip(body, Abc, crc: 0xDEADBEEF));
        yield return new("gz_isize_bad.gz", Framing.GZip(body, Abc, isize: 10));
        yield return new("gz_long_name_100k.gz", Framing.GZip(body, Abc, name: Enumerable.Repeat((byte)'n', 100_000).ToArray()));
        yield return new("gz_long_comment_100k.gz", Framing.GZip(body, Abc, comment: Enumerable.Repeat((byte)'c', 100_000).ToArray(), headerCrc: true));
        yield return new("gz_extra_65535.gz", Framing.GZip(body, Abc, extra: TestData.Create(DataKind.Random, 65535, seed: 8)));
        yield return new("gz_extra_empty.gz", Framing.GZip(body, Abc, extra: []));

        byte[] valid = Framing.GZip(body, Abc);
        byte[] empty = Framing.GZip(new DeflateWriter().Fixed(true, [DeflateSymbol.EndOfBlock]).ToArray(), []);
        foreach ((string name, byte[] suffix) in TrailingSuffixes())
        {
            yield return new($"gz_trailing_{name}.gz", [.. valid, .. suffix]);
        }

        yield return new("gz_empty_members_x2000.gz", [.. Enumerable.Repeat(empty, 2000).SelectMany(m => m)]);
        yield return new("gz_member_then_empty_x2000.gz", [.. valid, .. Enumerable.Repeat(empty, 2000).SelectMany(m => m), .. valid]);
        yield return new("gz_member_then_bad_member.gz", [.. valid, .. Framing.GZip(body, Abc, crc: 1)]);
    }

    private static IEnumerable<MalformedCase> ZLibCases()
    {
        byte[] body = FixedAbc();
        yield return new("zlib_method_7.zlib", Framing.ZLib(body, Abc, cmf: 0x77));
        yield return new("zlib_method_15.zlib", Framing.ZLib(body, Abc, cmf: 0x7F));
        yield return new("zlib_cinfo_8.zlib", Framing.ZLib(body, Abc, cmf: 0x88));
        yield return new("zlib_cinfo_0_window_256_valid.zlib", Framing.ZLib(body, Abc, cmf: 0x08));
        byte[] far = TestData.Create(DataKind.Random, 300, seed: 9);
        byte[] farBody = new DeflateWriter().Stored(false, far).Fixed(true, [DeflateSymbol.Match(10, 300), DeflateSymbol.EndOfBlock]).ToArray();
        yield return new("zlib_cinfo_0_distance_300.zlib", Framing.ZLib(farBody, [.. far, .. far.AsSpan(0, 10).ToArray()], cmf: 0x08));
        yield return new("zlib_fcheck_bad.zlib", Framing.ZLib(body, Abc, badCheck: true));
        yield return new("zlib_fdict.zlib", Framing.ZLib(body, Abc, dictionary: true));
        yield return new("zlib_adler_bad.zlib", Framing.ZLib(body, Abc, adler: 0x12345678));
        foreach (byte level in new byte[] { 0x00, 0x40, 0xC0 })
        {
            yield return new($"zlib_flevel_{level >> 6}_valid.zlib", Framing.ZLib(body, Abc, flgLevel: level));
        }

        byte[] valid = Framing.ZLib(body, Abc);
        foreach ((string name, byte[] suffix) in TrailingSuffixes())
        {
            yield return new($"zlib_trailing_{name}.zlib", [.. valid, .. suffix]);
        }
    }

    private static IEnumerable<(string Name, byte[] Suffix)> TrailingSuffixes()
    {
        yield return ("zeros", new byte[64]);
        yield return ("random", TestData.Create(DataKind.Random, 64, seed: 10));
        yield return ("1f", [0x1F]);
        yield return ("1f8b", [0x1F, 0x8B]);
        yield return ("1f8b08", [0x1F, 0x8B, 0x08]);
        yield return ("header_only", [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3]);
    }

    /// <summary>
    /// Every prefix of one stream per format that has all header fields, a dynamic block, and the
    /// trailer: truncation at every header field, in the data and in the trailer.
    /// </summary>
    private static IEnumerable<MalformedCase> Truncations()
    {
        byte[] payload = Encoding.ASCII.GetBytes("abc");
        byte[] body = new DeflateWriter().Dynamic(true, LitLengths(2, 97, 98, 99, 256), [1],
            [.. "abc".Select(c => DeflateSymbol.Literal((byte)c)), DeflateSymbol.EndOfBlock]).ToArray();
        byte[] gzip = Framing.GZip(body, payload, extra: [(byte)'A', (byte)'B', 2, 0, 1, 2], name: "name"u8.ToArray(),
            comment: "comment"u8.ToArray(), headerCrc: true);
        byte[] zlib = Framing.ZLib(body, payload);
        foreach ((string ext, byte[] whole) in new[] { (".gz", gzip), (".zlib", zlib), (".deflate", body) })
        {
            for (int length = 0; length < whole.Length; length++)
            {
                yield return new($"truncated_{length:D3}_of_{whole.Length}{ext}", whole[..length]);
            }
        }
    }
}
