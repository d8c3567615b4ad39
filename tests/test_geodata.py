"""Boundaries: built from upstream or mirror, verified, 53 Kreise + Stadt Aachen, no gaps."""
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
import shapely

from kirollout.model import geodata
from kirollout.model.paths import ROOT, geodata_mirror_dir


def test_53_kreise_plus_aachen(districts):
    assert len(districts) == 54
    assert districts["ags"].is_unique
    assert (districts["level"] == "kreis").sum() == 53
    assert set(districts.loc[districts["level"] == "gemeinde", "ags"]) == {"05334002"}
    assert districts.crs.to_epsg() == 4326
    assert all(g.is_valid and not g.is_empty for g in districts.geometry)


def test_every_center_joins_exactly_one_geometry(districts, records):
    counts = districts["ags"].value_counts()
    for ags in records.centers["ags"]:
        assert counts.get(ags, 0) == 1, ags
    assert set(districts["ags"]) == set(records.centers["ags"])


def test_shared_borders_stay_shared(districts):
    kreise = districts[districts["level"] == "kreis"].to_crs(25832)
    # no overlaps, and no gap narrower than 20 m between neighbours (slivers)
    assert shapely.coverage_is_valid(kreise.geometry.values, gap_width=20.0)
    union = shapely.union_all(kreise.geometry.values)
    # the state's area is kept (DVG2: 34,096.5 km²)
    assert abs(union.area / 1e6 - 34096.5) < 0.005 * 34096.5
    region = kreise[kreise["ags"] == "05334"].geometry.iloc[0]
    city = districts[districts["ags"] == "05334002"].to_crs(25832).geometry.iloc[0]
    # Aachen lies inside the StädteRegion (rounding to 1e-4° may leave less than a tenth of a pixel at zoom 10)
    assert city.difference(region).area < 1000.0  # m²


def _serve(directory: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a, **k: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def _config(tmp_path, url_base: str, pop_url: str = "") -> Path:
    text = (ROOT / "geodata" / "sources.toml").read_text(encoding="utf-8")
    lines = []
    section = None
    for line in text.splitlines():
        if line.startswith("["):
            section = line
        if line.startswith("url_base"):
            line = f'url_base = "{url_base if section == "[boundaries]" else pop_url}"'
        lines.append(line)
    p = tmp_path / "sources.toml"
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


def test_download_path_against_local_server(tmp_path):
    served = tmp_path / "served"
    shutil.copytree(geodata_mirror_dir() / "dvg2_nrw_2021", served)
    srv = _serve(served)
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}/"
        out = tmp_path / "geo" / "build"
        path = geodata.build(config_path=_config(tmp_path, base), out_dir=out, log=lambda *_: None)
    finally:
        srv.shutdown()
    meta = geodata.load_meta(out)
    assert {meta["origin"][f"dvg2krs_nw.{e}"] for e in ("shp", "dbf", "shx")} == {"upstream"}
    assert path.exists() and (out / "shapefile" / "nrw_ki_districts.shp").exists()
    assert len(geodata.load_districts(out)) == 54


def test_checksum_mismatch_falls_back_to_mirror(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    for f in (geodata_mirror_dir() / "dvg2_nrw_2021").iterdir():
        (served / f.name).write_bytes(b"not the real file")
    srv = _serve(served)
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}/"
        out = tmp_path / "geo" / "build"
        geodata.build(config_path=_config(tmp_path, base), out_dir=out, log=lambda *_: None)
    finally:
        srv.shutdown()
    assert set(geodata.load_meta(out)["origin"].values()) == {"mirror"}


def test_neither_upstream_nor_mirror_names_both(tmp_path):
    cfg = _config(tmp_path, "http://127.0.0.1:9/")  # discard port: nothing listens
    with pytest.raises(geodata.GeodataError) as exc:
        geodata.build(config_path=cfg, out_dir=tmp_path / "g" / "build", mirror=tmp_path / "empty",
                      log=lambda *_: None, timeout=2)
    msg = str(exc.value)
    assert "http://127.0.0.1:9/" in msg and str(tmp_path / "empty") in msg
