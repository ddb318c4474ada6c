namespace WarpZip.Tool;

/// <summary>-h/--help.</summary>
internal static class Help
{
    public const string Text = """
        Usage: warpzip [OPTION]... [FILE]...
               warpzip -z|-g [-d] [-q queues] [-b block_size] [-c requests_in_flight] < in > out
        Compress or decompress FILEs (by default, compress FILE to FILE.gz in place) on all cores
        with WarpZip. With no FILE, or when FILE is -, read standard input and write standard output.

        gzip/pigz options:
          -c, --stdout         write on standard output, keep the input files
          -d, --decompress     decompress (strips .gz, .z, -gz, -z, _z; .tgz and .taz become .tar)
          -f, --force          overwrite existing output files; write compressed data to a terminal;
                               with -dc, copy input that is not compressed unchanged
          -k, --keep           keep (don't delete) input files
          -l, --list           list compressed size, uncompressed size, ratio, members and name
                               (computed by reading each file)
          -t, --test           test compressed file integrity
          -1 ... -9            compression level: -1 fastest, -6 default, -9 best (--fast, --best)
          -p, --processes N    compress or decompress with N chunks in flight (default: all cores)
          -S, --suffix SUF     use suffix SUF on compressed files
          -v, --verbose        report each file's ratio
          -q, --quiet          suppress warnings
          -h, --help           show this help and exit
          -V, --version        show the version and exit
          --                   end of options

        WarpZip options:
          --format gzip|zlib|deflate   container format (default gzip; zlib files get .zz, deflate .deflate)
          --backend auto|software|hardware
                                       engine: auto uses hardware when usable, otherwise software;
                                       hardware fails when no accelerator can be used
          --framing single|indexed     gzip framing: one member, or one indexed member per chunk
                                       (standard multi-member gzip that WarpZip decompresses in parallel)
          --chunk-size SIZE            input bytes per chunk, 64k..64M (default 1M)
          --stats                      print bytes in/out, ratio, throughput, engine, chunks and
                                       fallback reasons on stderr after each input
          --stats=json                 the same as one JSON object per line

        test_hisi_zip interface (when -z or -g is given; standard input to standard output):
          -z                   zlib format
          -g                   gzip format (one indexed member per block; gunzip reads it)
          -d                   decompress
          -b SIZE              block size: WarpZip's chunk size, clamped to 64k..64M (suffix k/K, m/M)
          -c N                 requests in flight: chunks compressed at once
          -q N                 hardware queues (reported by --stats; used only by the hardware engine)
          also accepted: -f, -v, -1 ... -9, --stats, --stats=json, --backend, --framing

        Exit status: 0 success, 1 error, 2 warning.

        """;
}
