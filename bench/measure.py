#!/usr/bin/env python3
"""Runs a command N times and prints the median cost of one run, in milliseconds.

    measure.py cpu  N CMD...   user + system CPU time of the command (all its threads), from
                               getrusage(RUSAGE_CHILDREN): the kernel accounts it in nanoseconds, so
                               this resolves a few-millisecond cost that /usr/bin/time (10 ms ticks
                               in its output) cannot.
    measure.py wall N CMD...   elapsed time of the command.

The command's output is discarded; a failing run stops the measurement (exit status 1).
"""
import resource
import subprocess
import sys
import time


def one_run(mode, cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if mode == "wall":
        return elapsed * 1000
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1000


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("cpu", "wall"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    try:
        costs = sorted(one_run(mode, cmd) for _ in range(runs))
    except subprocess.CalledProcessError as failed:
        print(f"measure: {cmd[0]} exited with {failed.returncode}", file=sys.stderr)
        return 1
    print(f"{costs[len(costs) // 2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
