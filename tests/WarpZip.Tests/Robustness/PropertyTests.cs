using System;
using System.IO;
using System.IO.Compression;
using CsCheck;
using WarpZip.Tests.Infrastructure;

namespace WarpZip.Tests.Robustness;

/// <summary>
/// Differential properties with CsCheck (seeded, shrinking): random data x random options x random
/// write/flush/read patterns round-trip; random mutations of a valid stream give InvalidDataException
/// or exactly what System.IO.Compression gives. A failure prints the seed that reproduces it.
/// </summary>
public sealed class PropertyTests
{
    private static readonly Gen<byte[]> Payload =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 300_000], Gen.Int[1, 1000])
            .Select(t => TestData.Create((DataKind)t.Item1, t.Item2, t.Item3));

    private static readonly Gen<WarpZipOptions> OptionsGen =
        Gen.Select(Gen.Int[1, 4], Gen.Bool, Gen.Bool)
            .Select(t => new WarpZipOptions
            {
                DegreeOfParallelism = t.Item1,
                ChunkSize = TestData.Chunk,
                Framing = t.Item2 ? WarpZipFraming.IndexedMembers : WarpZipFraming.SingleMember,
                StrictValidation = t.Item3,
            });

    [Fact]
    public void RandomData_Options_WriteFlushReadPatterns_RoundTrip()
    {
        Gen.Select(Payload, OptionsGen, Gen.Int[0, 2], Gen.Int[1, 70_000], Gen.Int[1, 70_000], Gen.Int[0, 3], Gen.Int[0, 4])
            .Sample(t =>
            {
                (byte[] data, WarpZipOptions options, int formatIndex, int writeSize, int readSize, int flushEvery, int level) = t;
                string format = RobustnessKit.Formats[formatIndex];
                if (format != ".gz")
                {
                    options = options with { Framing = WarpZipFraming.SingleMember }; // indexed framing is gzip-only
                }

                var compressionLevel = (CompressionLevel)(level % 4);
                using var compressed = new MemoryStream();
                using (WarpCompressionStream stream = RobustnessKit.Compressor(format, compressed, options, compressionLevel))
                {
                    int writes = 0;
                    for (int offset = 0; offset < data.Length; offset += writeSize)
                    {
                        stream.Write(data, offset, Math.Min(writeSize, data.Length - offset));
                        if (flushEvery > 0 && ++writes % flushEvery == 0)
                        {
                            stream.Flush();
                        }
                    }
                }

                byte[] bytes = compressed.ToArray();
                using var decoded = new MemoryStream();
                using (WarpCompressionStream reader = BclOracle.Warp(format, new MemoryStream(bytes), options))
                {
                    byte[] buffer = new byte[readSize];
                    int read;
                    while ((read = reader.Read(buffer, 0, buffer.Length)) != 0)
                    {
                        decoded.Write(buffer, 0, read);
                    }
                }

                Bytes.Equal(data, decoded.ToArray(), "WarpZip round trip");
                Bytes.Equal(data, Bytes.ReadAll(BclOracle.Decoder(format, bytes)), ".NET reading WarpZip's output");
            }, iter: 60);
    }

    [Fact]
    public void RandomMutations_GiveInvalidDataOrWhatDotNetGives()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5000], Gen.Int[1, 4], Gen.Int[0, 1_000_000], Gen.Int[0, 255], Gen.Int[0, 3])
            .Sample(t =>
            {
                (int formatIndex, int size, int parallelism, int where, int value, int kind) = t;
                string format = RobustnessKit.Formats[formatIndex];
                byte[] data = TestData.Create(DataKind.Text, size, seed: size + 1);
                byte[] valid = RobustnessKit.Compress(format, data, new WarpZipOptions { ChunkSize = TestData.Chunk }, CompressionLevel.Optimal);
                int position = where % Math.Max(1, valid.Length);
                byte[] mutated = kind switch
                {
                    0 => Flip(valid, position, (byte)(value | 1)),
                    1 => valid[..position],
                    2 => [.. valid[..position], (byte)value, .. valid[position..]],
                    _ => valid.Length == 0 ? valid : [.. valid[..position], .. valid[Math.Min(valid.Length, position + 1)..]],
                };
                Outcome expected = BclOracle.Run(() => Bytes.ReadAll(BclOracle.Decoder(format, mutated)));
                Outcome actual = BclOracle.Run(() => Bytes.ReadAll(BclOracle.Warp(format, new MemoryStream(mutated),
                    new WarpZipOptions { DegreeOfParallelism = parallelism, StrictValidation = false })));
                if (expected.Ok)
                {
                    Assert.Equal(expected, actual);
                }
                else
                {
                    Assert.Equal("System.IO.InvalidDataException", actual.Detail);
                }
            }, iter: 1500);
    }

    private static byte[] Flip(byte[] bytes, int position, byte mask)
    {
        byte[] copy = (byte[])bytes.Clone();
        if (copy.Length > 0)
        {
            copy[position] ^= mask;
        }

        return copy;
    }
}
