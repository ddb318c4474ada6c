namespace WarpZip.Tool.Tests.Infrastructure;

/// <summary>
/// Runs warpzip with its stdout or stderr on a pseudo-terminal (python3's pty module), stdin from a
/// file, so the terminal rules can be tested. Prints what reached the terminal on stdout and exits
/// with warpzip's exit code.
/// </summary>
public static class Pty
{
    private const string Script = """
        import os, pty, subprocess, sys
        which, infile = sys.argv[1], sys.argv[2]
        master, slave = pty.openpty()
        with open(infile, 'rb') as stdin:
            streams = {'stdout': slave} if which == 'stdout' else {'stdout': subprocess.DEVNULL, 'stderr': slave}
            proc = subprocess.Popen(sys.argv[3:], stdin=stdin, **streams)
        os.close(slave)
        seen = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        code = proc.wait()
        sys.stdout.buffer.write(bytes(seen))
        sys.exit(code)
        """;

    /// <summary><paramref name="which"/> is "stdout" or "stderr": the stream put on the terminal (stderr otherwise stays a pipe, stdout otherwise goes to /dev/null).</summary>
    public static ProcessResult Run(string workingDirectory, string which, string stdinFile, params string[] arguments)
    {
        Peers.Require("python3");
        return Processes.Run("python3", ["-c", Script, which, stdinFile, "dotnet", Warpzip.Dll, .. arguments], null, workingDirectory);
    }
}
