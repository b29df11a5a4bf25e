#!/usr/bin/env python3
"""Writes FILE, OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: GPUS GPUs
(default 10,000; eight a host) with dcgm-exporter's energy counter
(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, mJ) sampled on every hour of 2026, both ends included,
at a power that varies by hour and GPU. Prints the fleet's energy over the year in kWh, which
`ingest --prometheus` must give. Synthetic shapes."""
import sys

path = sys.argv[1]
gpus = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
HOURS = 8760
START = 1767225600  # 2026-01-01T00:00:00Z
METRIC = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"

total_mj = 0.0
with open(path, "w") as out:
    for g in range(gpus):
        labels = '{Hostname="node-%05d",gpu="%d"}' % (g // 8, g % 8)
        counter = 1.0e9
        lines = []
        for h in range(HOURS + 1):
            lines.append(f"{METRIC}{labels} {counter:.0f} {START + 3600 * h}\n")
            if h < HOURS:
                # Whole millijoules, so the counter is exact in a float and the sum is too.
                step = (200 + (h * 37 + g * 11) % 300) * 3_600_000
                counter += step
                total_mj += step
        out.write("".join(lines))
    out.write("# EOF\n")
print(total_mj / 3.6e9)
