"""Where the project's files live; overridable by environment for tests and deployments."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # kirollout/model/paths.py → the project


def ki_data_dir() -> Path:
    """The records (CSV). `KI_DATA_DIR` points elsewhere, e.g. a test copy."""
    return Path(os.environ.get("KI_DATA_DIR", ROOT / "ki_data"))


def geodata_dir() -> Path:
    """The folder with `sources.toml` and the generated boundary files."""
    return Path(os.environ.get("KI_GEODATA_DIR", ROOT / "geodata"))


def geodata_build_dir() -> Path:
    return geodata_dir() / "build"


def geodata_mirror_dir() -> Path:
    """Local mirror used when the upstream URLs are not reachable (offline builds, CI)."""
    return Path(os.environ.get("KI_GEODATA_MIRROR", ROOT.parent / "shared" / "geodata"))
