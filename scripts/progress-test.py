#!/usr/bin/env python3
"""The progress line ("Rendering 500/914 pages", redrawn in place) as a user sees it: on a
terminal (a pseudo-terminal here) from `build`, the first build of `serve` and `brief --pdf`;
never when stderr is not a terminal, and never with --quiet.

usage: progress-test.py BLOTTER
Makes a site of 600 generated incidents (scripts/gen-corpus.py: over 500 pages, the first
progress step) in a temporary folder. Ends with `progress-test: N passed, M failed`.
"""
import os, pty, select, shutil, signal, subprocess, sys, tempfile, time

from checks import Checks

check = Checks("progress-test")
REDRAW = b"\r\x1b[2K"


def on_terminal(command, until=None, seconds=120):
    """Runs `command` with stdout and stderr on a new pseudo-terminal; returns (exit code, bytes
    read). With `until`, stops the command (SIGINT) once those bytes have appeared."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    out, deadline, stopped = b"", time.monotonic() + seconds, False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            out += chunk
        if until and until in out and not stopped:
            process.send_signal(signal.SIGINT)
            stopped = True
        if process.poll() is not None and not ready:
            break
    if process.poll() is None:
        process.kill()
    os.close(leader)
    return process.wait(), out


def piped(command):
    """Runs `command` with stderr and stdout to pipes; returns (exit code, stdout + stderr)."""
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
    return result.returncode, result.stdout + result.stderr


def main():
    blotter = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="progress-test-")
    try:
        site = os.path.join(work, "site")
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "gen-corpus.py"), "--count", "600", "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
        build = [blotter, "build", "--site", site, "--clock", "2026-11-27T09:00:00Z"]

        code, out = on_terminal(build)
        check(code == 0, f"build on a terminal succeeds (exit {code}): {out[-300:]!r}")
        check(REDRAW + b"Rendering 500/" in out, f"build on a terminal redraws its progress line: {out[:300]!r}")
        last = out.rfind(b"Rendering ")
        tail = out[last:]
        check(0 < tail.find(REDRAW) < tail.find(b"\n"), f"the progress line is cleared before anything else: {tail[:200]!r}")
        code, out = on_terminal(build + ["--quiet"])
        check(code == 0 and b"Rendering" not in out, f"build --quiet on a terminal shows no progress: {out[:300]!r}")
        code, out = piped(build)
        check(code == 0 and b"Rendering" not in out and b"\x1b" not in out,
              f"build into a pipe shows no progress: {out[:300]!r}")

        serve = [blotter, "serve", "--site", site, "--port", "0", "--clock", "2026-11-27T09:00:00Z",
                 "--output", os.path.join(work, "preview")]
        code, out = on_terminal(serve, until=b"Serving at")
        check(REDRAW + b"Rendering 500/" in out, f"serve's first build on a terminal shows progress: {out[:300]!r}")
        served = out.find(b"Serving at")
        check(served > 0 and b"Rendering" not in out[out.rfind(REDRAW, 0, served) + len(REDRAW):served],
              "serve clears the progress line before it prints its address")
        code, out = on_terminal(serve + ["--quiet"], until=b"Serving at")
        check(b"Rendering" not in out, f"serve --quiet shows no progress: {out[:300]!r}")

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium:
            brief = [blotter, "brief", "--site", site, "--since", "2024-12-01", "--pdf", "--clock",
                     "2026-11-27T09:00:00Z", "--output", os.path.join(work, "brief.pdf")]
            code, out = on_terminal(brief)
            check(code == 0 and REDRAW + b"Printing the PDF with Chromium" in out,
                  f"brief --pdf on a terminal shows progress (exit {code}): {out[-400:]!r}")
            check(out.rstrip().splitlines()[-1].lstrip(REDRAW).startswith(b"Wrote "),
                  f"brief clears the progress line before it says what it wrote: {out[-200:]!r}")
            code, out = piped(brief)
            check(code == 0 and b"Printing" not in out, f"brief --pdf into a pipe shows no progress: {out[-300:]!r}")
        else:
            print("progress-test: Chromium not found, brief --pdf is not checked")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    check.finish()


if __name__ == "__main__":
    main()
