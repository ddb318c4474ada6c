using System;
using System.Buffers;
using System.IO;
using WarpZip.Engines;

namespace WarpZip.Pipeline;

/// <summary>
/// Checks device output the way a reader will meet it (<see cref="WarpZipOptions.VerifyHardwareOutput"/>):
/// inflated in software after the chunk's window and compared byte for byte with the input.
/// </summary>
internal static class DeviceOutputCheck
{
    // A non-final stored block: BFINAL=0 BTYPE=00 (byte-aligned), LEN, NLEN.
    private const int StoredBlockHeaderLength = 5;

    /// <summary>
    /// True when <paramref name="deflate"/>, read after <paramref name="window"/> (fed as a stored
    /// block, because the piece may refer back into it), inflates to exactly <paramref name="expected"/>
    /// and uses all its bytes; a <paramref name="final"/> piece must end the stream, any other must not.
    /// </summary>
    public static bool InflatesTo(ICompressionEngine software, ReadOnlySpan<byte> window, ReadOnlySpan<byte> deflate, ReadOnlySpan<byte> expected, bool final)
    {
        using IInflateSession inflater = software.CreateInflater(InflateWrapper.Raw);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            if (!window.IsEmpty && !PrimeWithWindow(inflater, window, scratch))
            {
                return false;
            }

            while (true)
            {
                InflateProgress progress = inflater.Inflate(deflate, scratch, out int consumed, out int written);
                deflate = deflate[consumed..];
                if (written > expected.Length || !scratch.AsSpan(0, written).SequenceEqual(expected[..written]))
                {
                    return false;
                }

                expected = expected[written..];
                if (progress == InflateProgress.StreamEnd)
                {
                    return final && deflate.IsEmpty && expected.IsEmpty;
                }

                if (consumed == 0 && written == 0)
                {
                    return !final && deflate.IsEmpty && expected.IsEmpty;
                }
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static bool PrimeWithWindow(IInflateSession inflater, ReadOnlySpan<byte> window, byte[] scratch)
    {
        byte[] stored = ArrayPool<byte>.Shared.Rent(StoredBlockHeaderLength + window.Length);
        try
        {
            int length = window.Length;
            ReadOnlySpan<byte> header = [0x00, (byte)length, (byte)(length >> 8), (byte)~length, (byte)(~length >> 8)];
            header.CopyTo(stored);
            window.CopyTo(stored.AsSpan(StoredBlockHeaderLength));
            InflateProgress progress = inflater.Inflate(stored.AsSpan(0, StoredBlockHeaderLength + length), scratch, out int consumed, out int written);
            return progress == InflateProgress.InProgress && consumed == StoredBlockHeaderLength + length && written == length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
        }
    }
}
