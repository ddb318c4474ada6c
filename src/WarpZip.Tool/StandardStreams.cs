using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace WarpZip.Tool;

/// <summary>Facts about stdin that Console does not give.</summary>
internal static class StandardStreams
{
    /// <summary>The size of stdin when it is a regular file (for the progress bar's ETA); null for pipes and terminals.</summary>
    public static long? StdinLength()
    {
        try
        {
            using var handle = new SafeFileHandle(0, ownsHandle: false);
            if (handle.IsInvalid)
            {
                return null;
            }

            long length = RandomAccess.GetLength(handle);
            return length > 0 ? length : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
