#!/usr/bin/env python3
"""Writes the illustrative hourly files of `examples/deployer-hourly.yaml` (Q1 2026, UTC).

Not measured data: shapes chosen to look like a serving workload that follows the European
working day, a German grid whose factor dips when the sun is up, and a solar PPA. Run it
from anywhere; it writes beside itself, then prints each file's SHA-256 for the YAML.
"""
import hashlib
import math
import os
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
HOURS = 90 * 24  # 2026-01-01 to 2026-03-31


def hours():
    for h in range(HOURS):
        yield START + timedelta(hours=h)


def serving(t):
    """Relative IT load: a base of servers always on, more between 07:00 and 20:00 UTC."""
    day = 0.55 + 0.45 * max(0.0, math.sin(math.pi * (t.hour - 6) / 15)) if 6 <= t.hour <= 21 else 0.55
    return day * (0.8 if t.weekday() >= 5 else 1.0)


def sun(t):
    """Relative solar output: zero at night, a winter day from 07:00 to 16:00 UTC, longer by March."""
    length = 9 + 3 * (t - START).days / 90
    rise = 11.5 - length / 2
    x = (t.hour + 0.5 - rise) / length
    cloud = 0.35 + 0.65 * (0.5 + 0.5 * math.sin(t.toordinal() * 2.3))
    return max(0.0, math.sin(math.pi * x)) * cloud if 0 < x < 1 else 0.0


def factor(t):
    """gCO2e/kWh: 420 at night, lower when the sun is up, higher at the evening peak."""
    return 420 - 140 * sun(t) + (45 if 16 <= t.hour <= 19 else 0) - 15 * (t.weekday() >= 5)


def write(name, column, values, total=None):
    if total is not None:
        scale = total / sum(values)
        values = [v * scale for v in values]
    rows = [f"hour,{column}\n"]
    rows += [f"{t:%Y-%m-%dT%H:%M:%SZ},{v:.4f}\n" for t, v in zip(hours(), values)]
    data = "".join(rows).encode()
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print(name, hashlib.sha256(data).hexdigest(), f"{sum(float(r.split(',')[1]) for r in rows[1:]):.4f}")


write("inference-q1.csv", "energy_kwh", [serving(t) for t in hours()], total=20000)
write("grid-de-q1.csv", "g_per_kwh", [factor(t) for t in hours()])
write("ppa-solar-q1.csv", "energy_kwh", [sun(t) for t in hours()], total=8000)
