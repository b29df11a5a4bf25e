"""The Python polars baseline for `bench/ingest.sh`: the integration `wattprint ingest LOG
--period hour` does, written as a polars query over a log from bench/telemetry_gen.py
(`timestamp,device,power_w,energy_j`, epoch seconds), with the same rules:

- a device's power and its energy counter are separate series; a device with a counter is
  reported from it;
- a repeated timestamp (to the nanosecond) keeps the row that came first;
- rows are put in time order (the generator's rows are never later than wattprint's
  256-sample reorder window, so sorting everything is the same);
- the gap threshold is GAP_FACTOR x the median of each series' first 32 intervals; a longer
  interval is not bridged, its energy goes to the gap estimate and its time to missing time;
- power is integrated by the trapezoid rule, counters are differenced, and a counter that
  goes down was reset and counted from 0;
- each interval's energy is split across calendar hours (UTC): a trapezoid of power by its own
  shape (power linear between its two readings), a counter's difference by time.

    python3 bench/ingest_polars.py LOG OUT.csv [GAP_FACTOR]
    python3 bench/ingest_polars.py --compare A.csv B.csv

The second form checks that two outputs agree to 1e-9 relative, cell by cell.
"""

import csv
import sys

import polars as pl

HOUR = 3600.0


def integrate(path: str, gap_factor: float) -> pl.DataFrame:
    log = pl.scan_csv(
        path,
        schema={
            "timestamp": pl.Float64,
            "device": pl.String,
            "power_w": pl.Float64,
            "energy_j": pl.Float64,
        },
    ).with_row_index("arrival")
    readings = pl.concat(
        [
            log.filter(pl.col("power_w").is_not_null()).select(
                "arrival", "timestamp", "device", pl.lit(0).alias("kind"), pl.col("power_w").alias("value")
            ),
            log.filter(pl.col("energy_j").is_not_null()).select(
                "arrival", "timestamp", "device", pl.lit(1).alias("kind"), pl.col("energy_j").alias("value")
            ),
        ]
    )
    series = ["device", "kind"]
    readings = (
        readings.with_columns(key=(pl.col("timestamp") * 1e9).round().cast(pl.Int64))
        .sort("arrival")
        .unique(subset=[*series, "key"], keep="first", maintain_order=True)
        .sort([*series, "key"])
        .with_columns(
            t0=pl.col("timestamp").shift(1).over(series),
            v0=pl.col("value").shift(1).over(series),
            position=pl.int_range(pl.len()).over(series),
        )
        .with_columns(dt=pl.col("timestamp") - pl.col("t0"))
        .with_columns(
            threshold=pl.col("dt")
            .filter((pl.col("position") >= 1) & (pl.col("position") <= 32))
            .median()
            .over(series)
            * gap_factor
        )
        .filter(pl.col("t0").is_not_null())
        .with_columns(
            joules=pl.when(pl.col("kind") == 0)
            .then((pl.col("v0") + pl.col("value")) / 2 * pl.col("dt"))
            .when(pl.col("value") < pl.col("v0"))
            .then(pl.col("value"))
            .otherwise(pl.col("value") - pl.col("v0")),
            # A counter's difference across a silence is what the device counted in it:
            # only power readings leave a gap (wattprint's rule since issue 21).
            gap=(pl.col("kind") == 0) & (pl.col("dt") > pl.col("threshold")),
        )
    )
    # Each interval once per hour it touches, with the time it spends in that hour.
    hours = (
        readings.with_columns(
            hour=pl.int_ranges(
                (pl.col("t0") / HOUR).floor().cast(pl.Int64),
                (pl.col("timestamp") / HOUR).ceil().cast(pl.Int64),
            )
        )
        .explode("hour")
        .with_columns(
            start=pl.max_horizontal(pl.col("t0"), pl.col("hour") * HOUR),
            end=pl.min_horizontal(pl.col("timestamp"), (pl.col("hour") + 1) * HOUR),
        )
        .with_columns(inside=pl.col("end") - pl.col("start"))
        .with_columns(
            # Power at the part's ends, on the line between the interval's two readings.
            p_start=pl.col("v0") + (pl.col("value") - pl.col("v0")) * (pl.col("start") - pl.col("t0")) / pl.col("dt"),
            p_end=pl.col("v0") + (pl.col("value") - pl.col("v0")) * (pl.col("end") - pl.col("t0")) / pl.col("dt"),
        )
        .with_columns(
            share_joules=pl.when(pl.col("inside") >= pl.col("dt"))
            .then(pl.col("joules"))
            .when(pl.col("kind") == 0)
            .then((pl.col("p_start") + pl.col("p_end")) / 2 * pl.col("inside"))
            .otherwise(pl.col("joules") * (pl.col("inside") / pl.col("dt")))
        )
        .group_by([*series, "hour"])
        .agg(
            joules=pl.col("share_joules").filter(~pl.col("gap")).sum(),
            covered_s=pl.col("inside").filter(~pl.col("gap")).sum(),
            missing_s=pl.col("inside").filter(pl.col("gap")).sum(),
            gap_joules=pl.col("share_joules").filter(pl.col("gap")).sum(),
        )
    )
    counter_devices = hours.filter(pl.col("kind") == 1).select("device").unique()
    chosen = pl.concat(
        [
            hours.filter(pl.col("kind") == 1),
            hours.filter(pl.col("kind") == 0).join(counter_devices, on="device", how="anti"),
        ]
    )
    return (
        chosen.sort(["device", "hour"])
        .select(
            "device",
            period=pl.from_epoch(pl.col("hour") * 3600, time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            energy_kwh=pl.col("joules") / 3.6e6,
            covered_h=pl.col("covered_s") / HOUR,
            missing_h=pl.col("missing_s") / HOUR,
            gap_estimate_kwh=pl.col("gap_joules") / 3.6e6,
        )
        .collect()
    )


def compare(a: str, b: str) -> None:
    def rows(path: str) -> dict:
        with open(path, newline="") as f:
            return {(r["device"], r["period"]): r for r in csv.DictReader(f)}

    left, right = rows(a), rows(b)
    if left.keys() != right.keys():
        sys.exit(f"the outputs cover different cells: {sorted(left.keys() ^ right.keys())[:5]}")
    worst = 0.0
    for key, row in left.items():
        for column in ("energy_kwh", "covered_h", "missing_h", "gap_estimate_kwh"):
            x, y = float(row[column]), float(right[key][column])
            scale = max(abs(x), abs(y))
            if scale > 0:
                worst = max(worst, abs(x - y) / scale)
    if worst > 1e-9:
        sys.exit(f"the outputs differ by {worst:.3e} relative, more than 1e-9")
    print(f"{len(left)} cells agree; largest relative difference {worst:.3e}")


def main() -> None:
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
        return
    gap_factor = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    integrate(sys.argv[1], gap_factor).write_csv(sys.argv[2])


if __name__ == "__main__":
    main()
