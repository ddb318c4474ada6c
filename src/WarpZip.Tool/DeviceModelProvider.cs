using System;
using WarpZip.DeviceModel;

namespace WarpZip.Tool;

/// <summary>The device model behind --device-model: one per process, removed at exit. Never real hardware.</summary>
internal static class DeviceModelProvider
{
    private static readonly Lazy<HisiZipDeviceModel> Model = new(() =>
    {
        var model = new HisiZipDeviceModel();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => model.Dispose();
        return model;
    });

    public static HisiZipDeviceModel Instance => Model.Value;
}
