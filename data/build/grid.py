"""Builds data/grid.csv from the data files CodeCarbon ships (MIT), so the embedded grid
factors can be regenerated and checked. Run from the repository root:

    pip install codecarbon==3.3.2
    python3 data/build/grid.py > data/grid.csv

Rows: countries (Our World in Data's carbon intensity of electricity, from Ember, as
bundled in CodeCarbon's global_energy_mix.json), US states (EPA eGRID2023, lb CO2e/MWh
converted at 0.45359237 kg/lb), Canadian provinces (CodeCarbon's 2023 generation mix times
its per-source factors, as CodeCarbon computes them) and the Swedish and Norwegian bidding
zones (CodeCarbon's ENTSO-E-derived factors).
"""

import csv
import json
import sys

from codecarbon_data import DATA, PROVINCES, ROOT

# CodeCarbon's names of generation sources in the Canadian mix and in its factor table.
SOURCE_FACTOR = {
    "naturalGas": "natural_gas", "nuclear": "nuclear", "petroleum": "petroleum",
    "biomass": "biomass", "coal": "coal", "solar": "solar", "wind": "wind",
    "hydro": "hydroelectricity",
}


def main() -> None:
    alpha2 = {}
    names = {}
    with open(ROOT / "data" / "countries.csv", newline="") as f:
        for row in csv.DictReader(f):
            alpha2[row["alpha3"]] = row["alpha2"]
            names[row["alpha2"]] = row["name"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["zone", "name", "g_co2e_per_kwh", "year", "source"])
    rows = []

    mix = json.loads((DATA / "global_energy_mix.json").read_text())
    for iso3, row in mix.items():
        code = alpha2.get(iso3)
        if code is None or row.get("carbon_intensity") is None:
            continue
        rows.append((code, names[code], round(row["carbon_intensity"], 3), row["year"], "owid-ember"))

    usa = json.loads((DATA / "2023" / "usa_emissions.json").read_text())
    for state, row in usa.items():
        if state.startswith("_"):
            continue
        g = round(row["emissions"] * 0.45359237, 3)
        rows.append((f"US-{row['regionCode']}", f"{state.title()}, United States", g, 2023, "egrid-2023"))

    factors = json.loads((DATA / "carbon_intensity_per_source.json").read_text())
    canada = json.loads((DATA / "2023" / "canada_energy_mix.json").read_text())
    for province, shares in canada.items():
        total = shares["total"]
        g = sum(shares[k] * factors[v] for k, v in SOURCE_FACTOR.items()) / total
        rows.append((f"CA-{PROVINCES[province]}", f"{province.title()}, Canada", round(g, 3), 2023, "codecarbon-canada"))

    nordic = json.loads((DATA / "nordic_emissions.json").read_text())["data"]
    for zone, row in nordic.items():
        if zone[:2] not in ("SE", "NO") or len(zone) != 3:
            continue
        rows.append((zone, row["description"], row["emission_factor"], row["year"], "codecarbon-nordic"))

    for row in sorted(rows):
        out.writerow(row)


if __name__ == "__main__":
    main()
