"""Where CodeCarbon's data files are, and the names they use, shared by the build scripts."""

import importlib.util
from pathlib import Path

# Located without importing CodeCarbon, which needs its dependencies only to run.
DATA = Path(importlib.util.find_spec("codecarbon").submodule_search_locations[0]) / "data" / "private_infra"
ROOT = Path(__file__).resolve().parents[2]

# ISO 3166-2 codes of the Canadian provinces and territories.
PROVINCES = {
    "alberta": "AB", "british columbia": "BC", "manitoba": "MB", "new brunswick": "NB",
    "newfoundland and labrador": "NL", "northwest territories": "NT", "nova scotia": "NS",
    "nunavut": "NU", "ontario": "ON", "prince edward island": "PE", "quebec": "QC",
    "saskatchewan": "SK", "yukon": "YT",
}
