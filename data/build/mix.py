"""Builds data/mix.csv, the generation mix of each grid zone (shares of fossil, nuclear and
renewable sources), from the data files CodeCarbon ships (MIT), so ESRS E1-5's energy mix can
fall back on it. Run from the repository root:

    pip install codecarbon==3.3.2
    python3 data/build/mix.py > data/mix.csv

Rows: countries (Our World in Data's energy dataset, from Ember's Yearly Electricity Data:
`fossil_TWh`, `nuclear_TWh` and `renewables_TWh` of `total_TWh`, as bundled in CodeCarbon's
global_energy_mix.json) and Canadian provinces (CodeCarbon's 2023 generation mix: natural gas,
petroleum and coal are fossil; biomass, solar, wind, tidal and hydro renewable; "other" is left
out of the shares' base). A zone without a row (a US state, a Nordic bidding zone) takes its
country's mix, and the report says so.
"""

import csv
import json
import sys

from codecarbon_data import DATA, PROVINCES, ROOT

FOSSIL = ("naturalGas", "petroleum", "coal")
RENEWABLE = ("biomass", "solar", "wind", "tidal", "hydro")


def shares(fossil: float, nuclear: float, renewable: float) -> tuple[float, float, float]:
    total = fossil + nuclear + renewable
    return tuple(round(x / total, 4) for x in (fossil, nuclear, renewable))


def main() -> None:
    alpha2 = {}
    with open(ROOT / "data" / "countries.csv", newline="") as f:
        for row in csv.DictReader(f):
            alpha2[row["alpha3"]] = row["alpha2"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["zone", "fossil", "nuclear", "renewable", "year", "source"])
    rows = []

    mix = json.loads((DATA / "global_energy_mix.json").read_text())
    for iso3, row in mix.items():
        code = alpha2.get(iso3)
        parts = [row.get(k) for k in ("fossil_TWh", "nuclear_TWh", "renewables_TWh")]
        if code is None or any(p is None for p in parts) or sum(parts) <= 0:
            continue
        rows.append((code, *shares(*parts), row["year"], "owid-ember-mix"))

    canada = json.loads((DATA / "2023" / "canada_energy_mix.json").read_text())
    for province, row in canada.items():
        fossil = sum(row[k] for k in FOSSIL)
        renewable = sum(row[k] for k in RENEWABLE)
        rows.append((f"CA-{PROVINCES[province]}", *shares(fossil, row["nuclear"], renewable), 2023, "codecarbon-canada-mix"))

    for row in sorted(rows):
        out.writerow(row)


if __name__ == "__main__":
    main()
