using System;
using System.IO;
using System.Threading;

namespace WarpZip.Tool;

/// <summary>
/// An output file that appears only when complete: data goes to a hidden temporary file in the target's
/// directory, which <see cref="Commit"/> flushes to disk and renames over the target. Anything else
/// (an exception, <see cref="Dispose"/> without commit, SIGINT/SIGTERM) deletes the temporary file.
/// </summary>
internal sealed class OutputFile : IDisposable
{
    private static string? s_activeTemporary;

    private readonly string _path;
    private readonly string _temporary;
    private readonly bool _overwrite;
    private FileStream? _stream;

    public OutputFile(string path, bool overwrite)
    {
        _path = path;
        _overwrite = overwrite;
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        _temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Path.GetRandomFileName() + ".warpzip-tmp");
        _stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024);
        Volatile.Write(ref s_activeTemporary, _temporary);
    }

    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(OutputFile));

    /// <summary>Flushes to disk, copies the input's time and mode, and renames into place.</summary>
    public void Commit(string? timesAndModeFrom)
    {
        FileStream stream = _stream ?? throw new ObjectDisposedException(nameof(OutputFile));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        if (timesAndModeFrom is not null)
        {
            File.SetLastWriteTimeUtc(_temporary, File.GetLastWriteTimeUtc(timesAndModeFrom));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_temporary, File.GetUnixFileMode(timesAndModeFrom));
            }
        }

        File.Move(_temporary, _path, _overwrite);
        Volatile.Write(ref s_activeTemporary, null);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (Volatile.Read(ref s_activeTemporary) == _temporary)
        {
            TryDelete(_temporary);
            Volatile.Write(ref s_activeTemporary, null);
        }
    }

    /// <summary>Called from a signal handler: removes the temporary file being written, if any.</summary>
    public static void DeleteActiveTemporary()
    {
        string? temporary = Interlocked.Exchange(ref s_activeTemporary, null);
        if (temporary is not null)
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
