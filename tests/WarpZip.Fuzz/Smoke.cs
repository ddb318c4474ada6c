using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace WarpZip.Fuzz;

/// <summary>
/// A bounded, uninstrumented mutation run of <see cref="FuzzTarget"/>: no coverage feedback, just
/// seeded random edits of valid streams. It needs no fuzzer installed, so CI-like machines can run it;
/// real coverage-guided fuzzing is run-libfuzzer.sh / run-afl.sh.
/// </summary>
internal static class Smoke
{
    public static int Run(int seconds, string? crashDirectory)
    {
        uint seed = (uint)Environment.TickCount | 1u;
        string? fixedSeed = Environment.GetEnvironmentVariable("WARPZIP_FUZZ_SEED");
        if (fixedSeed is not null)
        {
            seed = uint.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) | 1u;
        }

        Console.WriteLine($"smoke: {seconds} s, seed {seed}");
        var rng = new Rng(seed);
        List<byte[]> seeds = Seeds();
        var clock = Stopwatch.StartNew();
        long executions = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            byte[] input = Mutate(seeds[rng.Next(seeds.Count)], rng);
            try
            {
                FuzzTarget.Run(input);
            }
#pragma warning disable CA1031 // Every failure of the target is a finding to save.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Console.WriteLine($"FINDING after {executions} executions: {e.GetType().Name}: {e.Message}");
                if (crashDirectory is not null)
                {
                    Directory.CreateDirectory(crashDirectory);
                    string path = Path.Combine(crashDirectory, $"crash-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..16]}");
                    File.WriteAllBytes(path, input);
                    Console.WriteLine($"saved {path}");
                }

                return 1;
            }

            executions++;
        }

        Console.WriteLine($"smoke: {executions} executions, no finding");
        return 0;
    }

    private static List<byte[]> Seeds()
    {
        byte[] text = Encoding.ASCII.GetBytes(string.Concat(System.Linq.Enumerable.Repeat("the quick brown fox jumps over the lazy dog 0123456789 ", 40)));
        var random = new byte[3000];
        new Rng(7).Fill(random);
        var seeds = new List<byte[]>();
        for (int format = 0; format < 3; format++)
        {
            foreach (byte[] payload in new[] { text, random, Array.Empty<byte>(), new byte[70_000] })
            {
                foreach (CompressionLevel level in new[] { CompressionLevel.Fastest, CompressionLevel.SmallestSize, CompressionLevel.NoCompression })
                {
                    using var output = new MemoryStream();
                    output.WriteByte((byte)format);
                    using (Stream encoder = format switch
                    {
                        0 => new GZipStream(output, level, leaveOpen: true),
                        1 => new ZLibStream(output, level, leaveOpen: true),
                        _ => new DeflateStream(output, level, leaveOpen: true),
                    })
                    {
                        encoder.Write(payload);
                    }

                    seeds.Add(output.ToArray());
                }
            }
        }

        return seeds;
    }

    private static byte[] Mutate(byte[] seed, Rng rng)
    {
        var bytes = new List<byte>(seed);
        int edits = 1 + rng.Next(4);
        for (int i = 0; i < edits; i++)
        {
            int position = 1 + rng.Next(Math.Max(1, bytes.Count - 1));
            switch (rng.Next(6))
            {
                case 0 when position < bytes.Count:
                    bytes[position] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1 when position < bytes.Count:
                    bytes[position] = (byte)rng.Next(256);
                    break;
                case 2:
                    bytes.Insert(Math.Min(position, bytes.Count), (byte)rng.Next(256));
                    break;
                case 3 when position < bytes.Count:
                    bytes.RemoveAt(position);
                    break;
                case 4:
                    bytes.RemoveRange(position, Math.Max(0, bytes.Count - position));
                    break;
                default:
                    bytes[0] = (byte)rng.Next(256); // another format or set of options
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>xorshift32: the same seed gives the same run on every machine.</summary>
    private sealed class Rng(uint state)
    {
        private uint _state = state == 0 ? 1u : state;

        public int Next(int maxExclusive)
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (int)(_state % (uint)maxExclusive);
        }

        public void Fill(Span<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)Next(256);
            }
        }
    }
}
