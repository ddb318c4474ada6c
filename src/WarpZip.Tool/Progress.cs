using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace WarpZip.Tool;

/// <summary>
/// A progress bar on stderr (bytes, rate, ETA) for large inputs, drawn only when stderr is a terminal.
/// It wraps the input stream and counts what is read from it, so it measures the input whichever way
/// the data flows; redraws at most five times a second.
/// </summary>
internal sealed class Progress : ReadOnlyStream
{
    /// <summary>Inputs at least this large get a bar (an input of unknown size once this much was read).</summary>
    public const long Threshold = 64L * 1024 * 1024;

    private static readonly object s_console = new();
    private static int s_drawnWidth;

    private readonly Stream _inner;
    private readonly long? _length;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;
    private long _lastDrawTicks;

    private Progress(Stream inner, long? length, string label)
    {
        _inner = inner;
        _length = length;
        _label = label;
    }

    /// <summary>Wraps <paramref name="input"/> when a bar makes sense; otherwise returns it unchanged.</summary>
    public static Stream Wrap(Stream input, long? length, string label, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Quiet || Console.IsErrorRedirected || (length is { } known && known < Threshold))
        {
            return input;
        }

        return new Progress(input, length is > 0 ? length : null, label);
    }

    /// <summary>Erases the bar so a message can be printed on a clean line.</summary>
    public static void ClearLine()
    {
        lock (s_console)
        {
            if (s_drawnWidth > 0)
            {
                Console.Error.Write("\r" + new string(' ', s_drawnWidth) + "\r");
                s_drawnWidth = 0;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer);
        _done += read;
        long now = _clock.ElapsedTicks;
        if (now - _lastDrawTicks >= Stopwatch.Frequency / 5 && (_length is not null || _done >= Threshold))
        {
            _lastDrawTicks = now;
            Draw();
        }

        return read;
    }

    private void Draw()
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        double rate = _done / seconds;
        var line = new StringBuilder();
        line.Append(_label).Append(' ');
        if (_length is { } length)
        {
            double fraction = Math.Clamp((double)_done / length, 0, 1);
            int filled = (int)(fraction * 20);
            line.Append('[').Append('#', filled).Append('.', 20 - filled).Append("] ");
            line.Append(CultureInfo.InvariantCulture, $"{fraction * 100,3:F0}% {FormatBytes(_done)} / {FormatBytes(length)}");
            line.Append(CultureInfo.InvariantCulture, $"  {FormatBytes((long)rate)}/s");
            if (rate > 0)
            {
                var eta = TimeSpan.FromSeconds(Math.Max(0, (length - _done) / rate));
                line.Append(CultureInfo.InvariantCulture, $"  ETA {(int)eta.TotalMinutes}:{eta.Seconds:00}");
            }
        }
        else
        {
            line.Append(CultureInfo.InvariantCulture, $"{FormatBytes(_done)}  {FormatBytes((long)rate)}/s");
        }

        int width = TerminalWidth() - 1;
        string text = line.Length > width ? line.ToString(0, width) : line.ToString();
        lock (s_console)
        {
            string pad = text.Length < s_drawnWidth ? new string(' ', s_drawnWidth - text.Length) : string.Empty;
            Console.Error.Write("\r" + text + pad);
            s_drawnWidth = Math.Max(text.Length, 1);
        }
    }

    private static int TerminalWidth()
    {
        try
        {
            int width = Console.WindowWidth;
            return width > 20 ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {units[unit]}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ClearLine();
        }

        base.Dispose(disposing);
    }
}
