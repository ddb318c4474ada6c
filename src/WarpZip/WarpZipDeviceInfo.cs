using System.Collections.Generic;

namespace WarpZip;

/// <summary>One accelerator device as discovery saw it, and whether WarpZip can use it.</summary>
/// <param name="Name">The uacce device name, e.g. <c>hisi_zip-0</c>.</param>
/// <param name="Usable">True when streams may send work to it.</param>
/// <param name="Detail">Why it can or cannot be used, in words.</param>
/// <param name="Api">The queue protocol (sysfs <c>api</c>), when known.</param>
/// <param name="AvailableQueues">Free queues (sysfs <c>available_instances</c>), when known.</param>
/// <param name="Algorithms">The algorithms it offers, when known.</param>
public sealed record WarpZipDeviceInfo(string Name, bool Usable, string Detail, string? Api, int? AvailableQueues, IReadOnlyList<string> Algorithms);
