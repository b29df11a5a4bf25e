"""Writes a synthetic telemetry log for `wattprint ingest` benchmarks, reproducibly (fixed
seed): a long CSV `timestamp,device,power_w,energy_j` with epoch-second timestamps, DEVICES
devices sampled every INTERVAL seconds until the file reaches MEGABYTES. The first half of the
devices report power in W, the others a cumulative energy counter in J. The log has the
irregularities real logs have: a gap of 100 intervals on every device, duplicated rows, rows
held back out of order, and one counter reset (the last device's counter starts again from 0
halfway through a 100 MB log).

    python3 bench/telemetry_gen.py MEGABYTES [DEVICES] [INTERVAL] > log.csv
"""

import random
import sys


def main() -> None:
    megabytes = float(sys.argv[1])
    devices = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    rng = random.Random(2024)
    out = sys.stdout
    out.write("timestamp,device,power_w,energy_j\n")
    written = 0
    limit = megabytes * 1_000_000
    start = 1_767_225_600.0
    counters = [1e6 * d for d in range(devices)]
    step = 0
    held = None
    while written < limit:
        t = start + step * interval
        step += 1
        # A gap of 100 intervals, once, a third of the way into a 100 MB log.
        if 150_000 <= step < 150_100:
            continue
        if step == 230_000:
            counters[devices - 1] = 0.0
        for d in range(devices):
            watts = 250 + 150 * rng.random()
            if d < devices // 2:
                line = f"{t:.3f},gpu{d},{watts:.2f},\n"
            else:
                counters[d] += watts * interval
                line = f"{t:.3f},gpu{d},,{counters[d]:.3f}\n"
            if rng.random() < 0.001:  # a duplicated row
                out.write(line)
                written += len(line)
            if held is None and rng.random() < 0.001:  # hold a row back: out of order
                held = line
                continue
            out.write(line)
            written += len(line)
            if held is not None and rng.random() < 0.5:
                out.write(held)
                written += len(held)
                held = None
    if held is not None:
        out.write(held)


if __name__ == "__main__":
    main()
