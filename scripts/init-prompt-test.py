#!/usr/bin/env python3
"""`blotter init` on a terminal (a pseudo-terminal): it asks for what its options leave out,
explains a refused answer and asks again, takes the default on Enter, and stops without
writing anything at end of input (Ctrl-D).

usage: scripts/init-prompt-test.py PATH/TO/blotter WORK_FOLDER
"""
import os
import pty
import select
import sys
import time

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}" + (f"\n  | {detail}" if detail else ""))


def session(blotter, args, answers):
    """Runs blotter with a terminal on stdin and stdout; for each (prompt, answer) waits for
    the prompt, then types the answer. Returns (exit code, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TZ"] = "UTC"
        os.execv(blotter, [blotter, *args])
    shown = b""
    seen = 0  # where the next prompt is looked for: each prompt is counted once
    deadline = time.monotonic() + 30

    def read_until(text):
        nonlocal shown, seen
        while text.encode() not in shown[seen:] and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                shown += chunk
        found = shown.find(text.encode(), seen)
        if found < 0:
            return False
        seen = found + len(text.encode())
        return True

    for prompt, answer in answers:
        if not read_until(prompt):
            break
        os.write(fd, answer.encode())
    read_until("\0")  # the rest, until the terminal closes or the deadline
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace").replace("\r\n", "\n")


def main():
    blotter, work = sys.argv[1], sys.argv[2]
    site = os.path.join(work, "asked")
    title = "Site title [Incident Desk]: "
    address = "Address it will be published at, e.g. https://incidents.example.org/ [/]: "
    zone = "Timezone of the newsroom, e.g. Europe/London [UTC]: "
    code, shown = session(blotter, ["init", site, "--language", "fr"], [
        (title, "Riverside Desk\n"),
        (address, "ftp://riverside.example/\n"),
        (address, "https://riverside.example\n"),
        (zone, "Mars/Olympus\n"),
        (zone, "\n"),
    ])
    check("init on a terminal exits 0", code == 0, shown)
    check("it asks for the title, the address twice and the timezone twice",
          [shown.count(p) for p in (title, address, zone)] == [1, 2, 2], shown)
    check("the language given is not asked", "Language" not in shown, shown)
    check("a refused address is explained",
          '  expected an absolute http(s) address like https://example.org/, found "ftp://riverside.example/"; try again.'
          in shown, shown)
    check("a refused timezone is explained",
          '  unknown timezone "Mars/Olympus"; use a name like Europe/London or America/Chicago; try again.' in shown, shown)
    check("no defaults note after questions", "Using the defaults" not in shown, shown)
    try:
        with open(os.path.join(site, "site.yml"), encoding="utf-8") as f:
            settings = f.read()
    except OSError as error:
        settings = str(error)
    for line in ['title: "Riverside Desk"', "base_url: https://riverside.example/", "language: fr", "timezone: UTC"]:
        check(f"site.yml has {line}", f"\n{line}\n" in settings, settings[:600])

    stopped = os.path.join(work, "stopped")
    code, shown = session(blotter, ["init", stopped], [(title, "\x04")])
    check("Ctrl-D at a question exits 2", code == 2, shown)
    check("and says nothing was written", "error: init: no answer; nothing was written" in shown, shown)
    check("and writes nothing", not os.path.exists(stopped), shown)

    print(f"init-prompt-test: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
