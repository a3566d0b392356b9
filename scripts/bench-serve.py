#!/usr/bin/env python3
"""The measuring half of scripts/bench-serve.sh.

usage: bench-serve.py BLOTTER SITE_DIR OUTPUT_DIR
Starts `blotter serve`, listens to its event stream, edits 20 incident files one at a
time and times each save to its reload event; then reads the server's memory and runs
wrk against an incident page. BENCH_EDIT=title edits headlines instead of adding a
sentence to the body (a new headline can mean a new URL, so the whole site is looked at).
"""
import glob, os, re, signal, socket, statistics, subprocess, sys, threading, time


def main():
    blotter, site, output = sys.argv[1:4]
    started = time.time()
    server = subprocess.Popen([blotter, "serve", "--site", site, "--port", "0", "--output", output],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port, first_build = None, ""
    for line in server.stdout:
        if line.startswith("Built"):
            first_build = line.strip()
        match = re.search(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
            break
    if port is None:
        sys.exit("bench-serve: the server did not start")
    print(f"first build: {first_build} (server up after {time.time() - started:.1f} s)")
    rebuilt = []
    def drain():  # the server's output must be read, or it blocks on a full pipe
        for line in server.stdout:
            if line.startswith("Rebuilt"):
                rebuilt.append(line.strip())
    threading.Thread(target=drain, daemon=True).start()

    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(f"GET /__blotter/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while b"event: hello" not in received:
        received += events.recv(65536)

    files = sorted(glob.glob(os.path.join(site, "Content/incidents/**/*.md"), recursive=True))
    step = max(1, len(files) // 20)
    timings = []
    originals = {}
    for n, path in enumerate(files[::step][:20]):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        originals[path] = text
        start = time.perf_counter()
        if os.environ.get("BENCH_EDIT") == "title":
            edited = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1).strip(chr(34))} update {n}", text,
                            count=1, flags=re.M)
        else:
            edited = text.rstrip("\n") + f"\n\nBenchmark edit {n}.\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(edited)
        received = b""
        while b"event: reload" not in received:
            received += events.recv(65536)
        timings.append((time.perf_counter() - start) * 1000)
        time.sleep(1.5)  # a reporter saves every few seconds; let the whole-site files finish
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    print(f"save -> reload event over {len(timings)} {os.environ.get('BENCH_EDIT', 'body')} edits: median {statistics.median(timings):.0f} ms, "
          f"p95 {p95:.0f} ms, min {timings[0]:.0f} ms, max {timings[-1]:.0f} ms")
    if rebuilt:
        print(f"last rebuild as the server reported it: {rebuilt[-1]}")

    status = open(f"/proc/{server.pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
    print(f"serving process memory: {rss} MiB resident now, {peak} MiB peak")

    page = "/" + os.path.relpath(sorted(glob.glob(os.path.join(output, "incidents/*/index.html")))[0],
                                 output).replace("index.html", "")
    wrk = subprocess.run(["wrk", "-t", "2", "-c", "50", "-d", "10s", f"http://127.0.0.1:{port}{page}"],
                         capture_output=True, text=True)
    print(f"wrk -t 2 -c 50 -d 10s {page}")
    print(wrk.stdout.strip())

    events.close()
    server.send_signal(signal.SIGTERM)
    for path, text in originals.items():  # leave the corpus as generated
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    code = server.wait(timeout=30)
    print(f"server stopped with exit code {code}")


main()
