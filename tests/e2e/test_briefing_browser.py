"""End-to-end: click a district on the map, open its profile, download the briefing PDF."""
from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from .helpers import download, map_frame, open_map, wait_idle

DUEREN = "05358"


def _click_district(page, frame, ags: str) -> None:
    """Click inside the district's shape: a point of its polygon that is on top at that spot."""
    f = map_frame(page)
    pt = f.evaluate(
        """(ags) => {
            const m = window.map_div || Object.values(window).find(v => v && v._layers && v.getZoom);
            let layer = null;
            m.eachLayer(l => { if (l.feature && l.feature.properties.ags === ags && l._path) layer = l; });
            const b = layer.getBounds();
            const rect = m.getContainer().getBoundingClientRect();
            // try the centre first, then a grid over the bounding box, until the path itself is hit
            const cands = [layer.getCenter()];
            for (let i = 1; i < 8; i++) for (let j = 1; j < 8; j++)
                cands.push(L.latLng(b.getSouth() + (b.getNorth() - b.getSouth()) * i / 8,
                                    b.getWest() + (b.getEast() - b.getWest()) * j / 8));
            for (const c of cands) {
                const p = m.latLngToContainerPoint(c);
                if (document.elementFromPoint(rect.left + p.x, rect.top + p.y) === layer._path) return [p.x, p.y];
            }
            return null;
        }""",
        ags,
    )
    assert pt, f"no clickable point found for {ags}"
    frame.locator("div.leaflet-container").first.click(position={"x": pt[0], "y": pt[1]})


def test_map_click_profile_and_pdf_download(page, tmp_path: Path):
    frame = open_map(page)
    _click_district(page, frame, DUEREN)
    wait_idle(page)
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text("Kommunales Integrationszentrum Kreis Düren").wait_for(timeout=30000)

    panel.get_by_role("link", name=re.compile("Kreisprofil")).click()
    page.wait_for_url(re.compile(r"/kreisprofil\?.*ags=05358"), timeout=30000)
    wait_idle(page)
    page.get_by_text("Düren · Kreis · AGS 05358").wait_for(timeout=30000)
    button = page.get_by_role("button", name=re.compile("Briefing als PDF"))
    target = download(page, button, r"ki-briefing_05358_Dueren_\d{4}-\d{2}-\d{2}\.pdf", tmp_path, 30000)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2  # 9 pt body; long lists go to a second page rather than shrinking
    text = reader.pages[0].extract_text()
    assert "Kommunales Integrationszentrum Kreis Düren" in re.sub(r"\s+", " ", text)
    assert page.external_requests == [], page.external_requests
