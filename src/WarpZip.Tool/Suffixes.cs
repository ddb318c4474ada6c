using System;
using System.IO;

namespace WarpZip.Tool;

/// <summary>gzip's file-name rules: which suffixes mark compressed files and what decompressing them gives.</summary>
internal static class Suffixes
{
    private static readonly (string Suffix, string Replacement)[] s_gzip =
        [(".gz", ""), (".z", ""), ("-gz", ""), ("-z", ""), ("_z", ""), (".tgz", ".tar"), (".taz", ".tar")];

    private static readonly (string Suffix, string Replacement)[] s_zlib = [(".zz", ""), (".zlib", ""), (".z", "")];

    private static readonly (string Suffix, string Replacement)[] s_deflate = [(".deflate", "")];

    /// <summary>The compressed-file suffix <paramref name="name"/> already ends with, or null.</summary>
    public static string? Find(Options options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach ((string suffix, _) in Candidates(options))
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return suffix;
            }
        }

        return null;
    }

    /// <summary>The decompressed name for <paramref name="path"/>, or null when its suffix is not a known one.</summary>
    public static string? Strip(Options options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(path);
        foreach ((string suffix, string replacement) in Candidates(options))
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return path[..^suffix.Length] + replacement;
            }
        }

        return null;
    }

    private static (string Suffix, string Replacement)[] Candidates(Options options)
    {
        (string, string)[] known = options.Format switch
        {
            ToolFormat.ZLib => s_zlib,
            ToolFormat.Deflate => s_deflate,
            _ => s_gzip,
        };
        return options.Suffix is { } custom ? [(custom, ""), .. known] : known;
    }
}
