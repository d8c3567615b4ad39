"""Build the district boundaries once, from upstream files named in geodata/sources.toml.

`python -m kirollout.model.geodata` downloads each file (or copies it from the mirror directory when
offline), verifies its sha256, keeps NRW, checks 53 Kreise plus the Stadt Aachen, simplifies all
54 shapes as one coverage (shared borders stay shared) and writes a GeoJSON (EPSG:4326) for the
app and a shapefile for GIS users into geodata/build/. The app never simplifies per rerun.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .paths import geodata_build_dir, geodata_dir, geodata_mirror_dir

AACHEN_CITY = "05334002"
STAEDTEREGION = "05334"
GEOJSON_NAME = "nrw_ki_districts.geojson"
POPULATION_NAME = "population.csv"
META_NAME = "build.json"


class GeodataError(RuntimeError):
    """The boundaries could not be built; the message says what and where."""


@dataclass
class FetchResult:
    path: Path
    origin: str  # "cache", "upstream" or "mirror"


def load_config(path: Path | None = None) -> dict:
    path = path or geodata_dir() / "sources.toml"
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _download(url: str, target: Path, timeout: float) -> None:
    tmp = target.with_suffix(target.suffix + ".part")
    with urllib.request.urlopen(url, timeout=timeout) as resp, open(tmp, "wb") as out:
        shutil.copyfileobj(resp, out)
    tmp.replace(target)


def fetch_dataset(section: dict, cache: Path, mirror: Path, *, offline: bool = False,
                  timeout: float = 10.0, log=print) -> dict[str, FetchResult]:
    """Get every file of a dataset into `cache`, verified; upstream first, then the mirror.

    After the first failed download the remaining files skip the network (no long waits
    on a machine without internet).
    """
    cache.mkdir(parents=True, exist_ok=True)
    results: dict[str, FetchResult] = {}
    url_base = section.get("url_base", "")
    network_ok = bool(url_base) and not offline
    for name, expected in section["files"].items():
        target = cache / name
        if target.exists() and sha256_of(target) == expected:
            results[name] = FetchResult(target, "cache")
            continue
        errors = []
        if network_ok:
            url = url_base + name
            try:
                _download(url, target, timeout)
                if sha256_of(target) == expected:
                    results[name] = FetchResult(target, "upstream")
                    continue
                errors.append(f"{url}: sha256 stimmt nicht")
                target.unlink()
            except Exception as exc:  # noqa: BLE001 — any network failure means: try the mirror
                errors.append(f"{url}: {exc.__class__.__name__}: {exc}")
                network_ok = False
        elif url_base:
            errors.append(f"{url_base}{name}: nicht versucht (offline)")
        else:
            errors.append("keine Upstream-Adresse konfiguriert")
        src = mirror / section["mirror_subdir"] / name
        if src.exists():
            if sha256_of(src) == expected:
                shutil.copyfile(src, target)
                results[name] = FetchResult(target, "mirror")
                continue
            errors.append(f"{src}: sha256 stimmt nicht")
        else:
            errors.append(f"{src}: nicht vorhanden")
        raise GeodataError(
            f"{name} ist weder upstream noch im Spiegel zu bekommen:\n  - " + "\n  - ".join(errors)
            + "\nSpiegelverzeichnis mit KI_GEODATA_MIRROR setzen (Standard ../shared/geodata)."
        )
    if any(r.origin != "cache" for r in results.values()):
        log(f"{section.get('mirror_subdir')}: " + ", ".join(
            f"{n} ({r.origin})" for n, r in results.items()))
    return results


def _boundaries(cfg: dict, cache: Path):
    """Read the Kreise and the Stadt Aachen polygon; check the counts the map relies on."""
    import geopandas as gpd

    b = cfg["boundaries"]
    krs = gpd.read_file(cache / f"{b['kreise_layer']}.shp", engine="pyogrio")
    gem = gpd.read_file(cache / f"{b['gemeinden_layer']}.shp", engine="pyogrio")
    krs["ags"] = krs["KN"].astype(str).str[:5]
    krs = krs[krs["ags"].str.startswith("05")].copy()
    if len(krs) != 53 or krs["ags"].nunique() != 53:
        raise GeodataError(f"erwartet 53 Kreise in NRW, gefunden {len(krs)} ({krs['ags'].nunique()} verschiedene)")
    aachen = gem[gem["KN"].astype(str) == AACHEN_CITY].copy()
    if len(aachen) != 1:
        raise GeodataError(f"Stadt Aachen ({AACHEN_CITY}) nicht genau einmal in {b['gemeinden_layer']}")
    aachen["ags"] = AACHEN_CITY
    gem_count = gem["KN"].astype(str).str[:5].value_counts()
    krs["bez"] = krs["ags"].map(lambda a: "Kreisfreie Stadt" if gem_count.get(a, 0) == 1 else "Kreis")
    aachen["bez"] = "Stadt"
    return krs, aachen


def simplify_coverage(krs, aachen, tolerance_m: float, decimals: int = 4):
    """Simplify Kreise and Stadt Aachen together so no gap or sliver opens between them.

    The StädteRegion is split into Aachen and the rest, simplified as part of one coverage,
    reprojected to EPSG:4326 and rounded, and only then put together again, so Aachen's
    border stays exactly inside the StädteRegion. Returns a GeoDataFrame in EPSG:4326.
    """
    import geopandas as gpd
    import shapely

    region = krs.loc[krs["ags"] == STAEDTEREGION, "geometry"].iloc[0]
    city = aachen.geometry.iloc[0]
    rest = region.difference(city)
    others = krs[krs["ags"] != STAEDTEREGION]
    geoms = list(others.geometry) + [city, rest]
    simplified = shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=True)
    parts = gpd.GeoSeries(simplified, crs=krs.crs).to_crs(4326).values
    parts = shapely.set_precision(parts, 10 ** (-decimals))
    n = len(others)
    new_region = shapely.union(parts[n], parts[n + 1])
    rows = []
    for (_, r), g in zip(others.iterrows(), parts[:n]):
        rows.append({"ags": r["ags"], "name": r["GN"], "level": "kreis", "bez": r["bez"], "geometry": g})
    reg = krs[krs["ags"] == STAEDTEREGION].iloc[0]
    rows.append({"ags": STAEDTEREGION, "name": reg["GN"], "level": "kreis", "bez": reg["bez"], "geometry": new_region})
    rows.append({"ags": AACHEN_CITY, "name": aachen["GN"].iloc[0], "level": "gemeinde", "bez": "Stadt",
                 "geometry": parts[n]})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    return out.sort_values("ags", key=lambda s: s.str.len() * 10**9 + s.str[:5].astype(int)).reset_index(drop=True)


def build(*, config_path: Path | None = None, out_dir: Path | None = None,
          mirror: Path | None = None, offline: bool = False, timeout: float = 10.0,
          log=print) -> Path:
    """Fetch, check, simplify and write the boundaries; return the GeoJSON path."""
    import shapely

    cfg = load_config(config_path)
    out_dir = Path(out_dir) if out_dir else geodata_build_dir()
    mirror = Path(mirror) if mirror else geodata_mirror_dir()
    cache = out_dir.parent / "cache" if out_dir.name == "build" else out_dir / "cache"
    fetched = fetch_dataset(cfg["boundaries"], cache, mirror, offline=offline, timeout=timeout, log=log)
    pop = fetch_dataset(cfg["population"], cache, mirror, offline=offline, timeout=timeout, log=log)

    krs, aachen = _boundaries(cfg, cache)
    b = cfg["boundaries"]
    gdf = simplify_coverage(krs, aachen, float(b["simplify_tolerance_m"]), int(b["coordinate_decimals"]))
    bad = [a for a, g in zip(gdf["ags"], gdf.geometry) if not g.is_valid or g.is_empty]
    if bad:
        raise GeodataError(f"ungültige Geometrie nach dem Vereinfachen: {bad}")
    kreise = gdf[gdf["level"] == "kreis"].geometry.values
    if not shapely.coverage_is_valid(kreise, gap_width=0.0):
        log("Warnung: Abdeckung nach dem Runden nicht mehr lückenlos (Überlappung oder Lücke)")

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / (GEOJSON_NAME + ".tmp")
    gdf.to_file(tmp, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=int(b["coordinate_decimals"]))
    tmp.replace(out_dir / GEOJSON_NAME)
    shp_dir = out_dir / "shapefile"
    if shp_dir.exists():
        shutil.rmtree(shp_dir)
    shp_dir.mkdir()
    gdf.to_crs(25832).to_file(shp_dir / "nrw_ki_districts.shp", engine="pyogrio", encoding="UTF-8")
    shutil.copyfile(pop["nrw_population_kreise_and_stadt_aachen.csv"].path, out_dir / POPULATION_NAME)
    vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    meta = {
        "boundaries": {k: b[k] for k in ("product", "publisher", "product_url", "licence", "licence_url",
                                           "attribution", "attribution_url", "stand")},
        "population": {k: cfg["population"][k] for k in ("product", "publisher", "licence", "attribution")},
        "origin": {n: r.origin for n, r in {**fetched, **pop}.items()},
        "features": len(gdf),
        "vertices": vertices,
        "simplify_tolerance_m": b["simplify_tolerance_m"],
        "geojson_bytes": (out_dir / GEOJSON_NAME).stat().st_size,
    }
    (out_dir / META_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    log(f"geodata: {len(gdf)} Flächen, {vertices} Stützpunkte, {meta['geojson_bytes']:,} Bytes → {out_dir}")
    return out_dir / GEOJSON_NAME


def is_built(out_dir: Path | None = None) -> bool:
    out_dir = Path(out_dir) if out_dir else geodata_build_dir()
    return all((out_dir / n).exists() for n in (GEOJSON_NAME, POPULATION_NAME, META_NAME))


def load_districts(out_dir: Path | None = None):
    """The 54 shapes (53 Kreise + Stadt Aachen) as a GeoDataFrame in EPSG:4326, AGS as text."""
    import geopandas as gpd

    out_dir = Path(out_dir) if out_dir else geodata_build_dir()
    path = out_dir / GEOJSON_NAME
    if not path.exists():
        raise GeodataError(f"{path} fehlt: erst `make geodata` ausführen")
    gdf = gpd.read_file(path, engine="pyogrio")
    gdf["ags"] = gdf["ags"].astype(str)
    return gdf


def load_meta(out_dir: Path | None = None) -> dict:
    out_dir = Path(out_dir) if out_dir else geodata_build_dir()
    return json.loads((out_dir / META_NAME).read_text(encoding="utf-8"))


def load_population(out_dir: Path | None = None, reference_date: str = "2022-05-15"):
    """Population per AGS at one reference date (the CSV holds two; never mix them)."""
    import pandas as pd

    out_dir = Path(out_dir) if out_dir else geodata_build_dir()
    df = pd.read_csv(out_dir / POPULATION_NAME, dtype={"ags": str, "reference_date": str})
    df = df[df["reference_date"] == reference_date]
    return df[["ags", "population", "reference_date"]].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--offline", action="store_true", help="nur den Spiegel verwenden")
    p.add_argument("--if-missing", action="store_true", help="nichts tun, wenn schon gebaut")
    p.add_argument("--mirror", type=Path, default=None)
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--config", type=Path, default=None)
    args = p.parse_args(argv)
    if args.if_missing and is_built(args.out):
        return 0
    try:
        build(config_path=args.config, out_dir=args.out, mirror=args.mirror, offline=args.offline)
    except GeodataError as exc:
        print(f"Fehler beim Bau der Geodaten: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
