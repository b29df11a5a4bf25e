#!/usr/bin/env python3
"""Writes a year of hourly data for SITES sites (default 100) into FOLDER: per site, its
serving energy (`hour,energy_kwh`), its grid's hourly factors (`hour,g_per_kwh`) and a solar
PPA's output (`hour,energy_kwh`), 8,760 rows each; then `disclosure.yaml`, which names them by
path and SHA-256, and `annual.yaml`, the same disclosure without them. Synthetic shapes."""
import hashlib
import math
import os
import sys

folder = sys.argv[1]
sites = int(sys.argv[2]) if len(sys.argv) > 2 else 100
HOURS = 8760
START = 1767225600  # 2026-01-01T00:00:00Z
os.makedirs(os.path.join(folder, "hourly"), exist_ok=True)


def stamp(h):
    import datetime
    return datetime.datetime.fromtimestamp(START + 3600 * h, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


STAMPS = [stamp(h) for h in range(HOURS)]


def write(name, column, values):
    data = ("hour,%s\n" % column + "".join(f"{t},{v:.4f}\n" for t, v in zip(STAMPS, values))).encode()
    with open(os.path.join(folder, "hourly", name), "wb") as f:
        f.write(data)
    return f"hourly/{name}", hashlib.sha256(data).hexdigest(), sum(round(v, 4) for v in values)


head = """schema_version: 1
organisation: { name: Benchmark Org, role: deployer }
reporting_period: { start: 2026-01-01, end: 2026-12-31 }
system:
  name: Benchmark System
  models:
    - { id: main, name: Bench-70B, provider: Bench Labs }
functional_units:
  - { id: request, description: one request }
"""
full, annual = [head + "sites:\n"], [head + "sites:\n"]
measurements = []
for s in range(sites):
    load = [50 + 30 * max(0.0, math.sin(math.pi * ((h % 24) - 6) / 15)) + (s % 7) for h in range(HOURS)]
    sun = [max(0.0, math.sin(math.pi * ((h % 24) - 6) / 12)) * (60 + s % 11) for h in range(HOURS)]
    factor = [380 - 120 * max(0.0, math.sin(math.pi * ((h % 24) - 6) / 12)) + (s % 13) for h in range(HOURS)]
    lp, lsha, ltotal = write(f"load-{s}.csv", "energy_kwh", load)
    sp, ssha, stotal = write(f"ppa-{s}.csv", "energy_kwh", sun)
    fp, fsha, _ = write(f"grid-{s}.csv", "g_per_kwh", factor)
    site = f"""  - id: site-{s}
    operation: colocation
    location: DE
    pue: {{ value: 1.2, method: supplier_reported, source: operator report, uncertainty: 3% }}
    grid:
      location_based: {{ value: 363 gCO2e/kWh, method: default_factor, source: national dataset, uncertainty: 10% }}
{{hourly}}      market_based:
        residual_mix: 620 gCO2e/kWh
        source: supplier label
        instruments:
          - {{ kind: ppa, energy: {stotal:.4f} kWh, factor: 0 gCO2e/kWh, source: PPA statement, energy_source: solar, generation: {{ start: 2026-01-01, end: 2026-12-31 }}, market: DE, cancellation: registry statement{{generation}} }}
"""
    full.append(site.replace("{hourly}", f"      hourly: {{ factors: {{ file: {fp}, sha256: {fsha} }}, method: supplier_reported, source: synthetic }}\n")
                .replace("{generation}", f", hourly_generation: {{ file: {sp}, sha256: {ssha} }}"))
    annual.append(site.replace("{hourly}", "").replace("{generation}", ""))
    measurements.append((s, ltotal, lp, lsha))
for doc, hourly in ((full, True), (annual, False)):
    doc.append("measurements:\n")
    for s, total, path, sha in measurements:
        doc.append(f"""  - id: m-{s}
    phase: inference
    site: site-{s}
    model: main
    energy: {{ value: {total:.4f} kWh, method: device_telemetry, source: DCGM export, uncertainty: 5% }}
    boundary: [accelerators, host]
    workload: {{ request: {1000000 + s} }}
""" + (f"    hourly: {{ file: {path}, sha256: {sha} }}\n" if hourly else ""))
    doc.append("""methodology:
  standards: [GHG Protocol Scope 2 Guidance]
  narrative: Synthetic disclosure for benchmarks.
  monte_carlo: { seed: 1, draws: 10000 }
""")
with open(os.path.join(folder, "disclosure.yaml"), "w") as f:
    f.write("".join(full))
with open(os.path.join(folder, "annual.yaml"), "w") as f:
    f.write("".join(annual))
