#!/usr/bin/env python3
"""Startup to first frame of the real lambdatutor binary in a terminal.

Runs the binary N times in a fresh pseudo-terminal (100x30), measures the time
from fork to the first output that contains the header text "lambdatutor", then
quits it with ctrl+c. Two cases: a new learner (home screen) and a returning
learner (the last lesson is reopened and rendered before the first frame).

    go build -o /tmp/lambdatutor ./cmd/lambdatutor
    python3 bench/startup.py /tmp/lambdatutor [runs]
    python3 bench/startup.py /tmp/old:/tmp/new [runs]    # A/B, interleaved

Prints min / median / p90 in milliseconds per case (and per binary: with
several binaries separated by ':' the runs are interleaved, one of each in
turn, so that they see the same load). Each binary gets its own empty
XDG_CACHE_HOME; one discarded run of the returning learner fills it, as a
learner who read the lesson before has it filled. The bar is a median of at
most 60 ms (issue: "Startup to first frame").
"""
import fcntl, json, os, select, shutil, signal, statistics, struct, subprocess, sys, tempfile, termios, time


def first_frame_ms(binary, db, cache):
    # The terminal has its size before the program starts, as a terminal
    # emulator's has: set after the fork, it raced with the program's first
    # look (a program that looked first laid out at 0x0, and a returning
    # learner's lesson was rendered at the wrong width, missing the cache).
    fd, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(fd)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for i in range(3):
            os.dup2(slave, i)
        if slave > 2:
            os.close(slave)
        os.environ["TERM"] = "xterm-256color"
        os.environ["XDG_CACHE_HOME"] = cache
        os.execv(binary, [binary, "--db", db])
    os.close(slave)
    buf = b""
    elapsed = None
    deadline = t0 + 10
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        buf += chunk
        if b"lambdatutor" in buf:
            elapsed = (time.perf_counter() - t0) * 1000
            break
    os.write(fd, b"\x03")  # ctrl+c
    end = time.time() + 5
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, signal.SIGKILL)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    os.close(fd)
    if elapsed is None:
        raise SystemExit("no first frame within 10 s; output was: %r" % buf[-500:])
    return elapsed


def report(name, xs):
    xs = sorted(xs)
    p90 = xs[int(len(xs) * 0.9) - 1]
    print(f"{name:<28} runs={len(xs):<3} min={xs[0]:6.1f} ms  median={statistics.median(xs):6.1f} ms  p90={p90:6.1f} ms")


def main():
    binaries = [os.path.abspath(b) for b in (sys.argv[1] if len(sys.argv) > 1 else "/tmp/lambdatutor").split(":")]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    tmp = tempfile.mkdtemp()
    try:
        caches = {b: os.path.join(tmp, f"cache{i}") for i, b in enumerate(binaries)}
        fresh = {b: [] for b in binaries}
        for i in range(runs):
            for j, b in enumerate(binaries):
                fresh[b].append(first_frame_ms(b, os.path.join(tmp, f"fresh{i}-{j}.db"), caches[b]))
        # A returning learner: the last lesson (with tables and code) is open.
        dbs = {}
        for j, b in enumerate(binaries):
            db = os.path.join(tmp, f"returning{j}.db")
            first_frame_ms(b, db, caches[b])
            data = os.path.join(tmp, "p.json")
            with open(data, "w") as f:
                subprocess.run([b, "--db", db, "progress", "export"], stdout=f, check=True)
            e = json.load(open(data))
            e["last_lesson"] = "cold-starts"
            e["lessons"] = [{"id": "cold-starts", "offset": 40, "last_viewed_at": "2026-11-27T10:00:00Z"}]
            json.dump(e, open(data, "w"))
            subprocess.run([b, "--db", db, "progress", "import", data], check=True, stdout=subprocess.DEVNULL)
            first_frame_ms(b, db, caches[b])  # the lesson read before: fills the cache
            dbs[b] = db
        returning = {b: [] for b in binaries}
        for i in range(runs):
            for b in binaries:
                returning[b].append(first_frame_ms(b, dbs[b], caches[b]))
        for b in binaries:
            tag = f" [{b}]" if len(binaries) > 1 else ""
            report("new learner (home screen)" + tag, fresh[b])
            report("returning (lesson reopened)" + tag, returning[b])
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
