using System.IO;

namespace WarpZip.Hardware.HisiQm;

/// <summary>The kernel stopped the queue (reset or error handling): it must be closed and reopened.</summary>
internal sealed class QueueStoppedException : IOException
{
    public QueueStoppedException(string message)
        : base(message)
    {
    }
}

/// <summary>The device broke the ring protocol (e.g. a CQE naming a slot outside the ring).</summary>
internal sealed class QueueProtocolException : IOException
{
    public QueueProtocolException(string message)
        : base(message)
    {
    }
}
