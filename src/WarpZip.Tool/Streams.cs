using System;
using System.IO;

namespace WarpZip.Tool;

/// <summary>
/// A read-only view of another stream that remembers the last bytes it handed out, so a reader that
/// took more than it used (a decoder's input buffer) can give the excess back with <see cref="Unread"/>.
/// <see cref="Consumed"/> is the offset in the underlying data of the next byte to be read.
/// </summary>
internal sealed class ReplayStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly byte[] _history;
    private long _delivered;
    private int _pending;

    public ReplayStream(Stream inner, int historySize = 1024 * 1024)
    {
        _inner = inner;
        _history = new byte[historySize];
    }

    /// <summary>Bytes handed out and not given back.</summary>
    public long Consumed => _delivered - _pending;

    /// <summary>How far back <see cref="Unread"/> can reach.</summary>
    public long Remembered => Math.Min(_delivered, _history.Length);

    /// <summary>Gives back the last <paramref name="count"/> bytes handed out; the next reads return them again.</summary>
    public void Unread(long count)
    {
        if (count < 0 || count > Remembered - _pending)
        {
            throw new InvalidOperationException("Cannot give back more bytes than are remembered.");
        }

        _pending += (int)count;
    }

    /// <summary>Copies the last <paramref name="destination"/>.Length bytes handed out (oldest first).</summary>
    public void CopyLast(Span<byte> destination)
    {
        long start = _delivered - _pending - destination.Length;
        if (destination.Length > Remembered || start < _delivered - _history.Length)
        {
            throw new InvalidOperationException("Those bytes are no longer remembered.");
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = _history[(int)((start + i) % _history.Length)];
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_pending > 0)
        {
            int n = Math.Min(_pending, buffer.Length);
            long start = _delivered - _pending;
            for (int i = 0; i < n; i++)
            {
                buffer[i] = _history[(int)((start + i) % _history.Length)];
            }

            _pending -= n;
            return n;
        }

        int read = _inner.Read(buffer);
        Remember(buffer[..read]);
        return read;
    }

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> kept = bytes.Length > _history.Length ? bytes[^_history.Length..] : bytes;
        long offset = _delivered + (bytes.Length - kept.Length);
        int at = (int)(offset % _history.Length);
        int first = Math.Min(kept.Length, _history.Length - at);
        kept[..first].CopyTo(_history.AsSpan(at));
        kept[first..].CopyTo(_history);
        _delivered += bytes.Length;
    }
}
