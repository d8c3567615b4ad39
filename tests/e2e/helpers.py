"""Waiting for a settled Streamlit page (never fixed sleeps) and reading the map iframe."""
from __future__ import annotations

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_idle(page, timeout: float = 30000) -> None:
    """Wait until Streamlit has finished its rerun: app rendered and status widget gone."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=timeout,
    )


def open_map(page, query: str = "") -> object:
    """Load the map page and wait for the 54 Leaflet paths; return the iframe's frame locator."""
    page.goto(page.base_url + "/" + query)
    wait_idle(page)
    page.wait_for_selector(MAP_IFRAME, timeout=30000)
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator("path.leaflet-interactive").nth(53).wait_for(timeout=30000)
    wait_idle(page)
    return frame


def map_frame(page):
    for f in page.frames:
        if "st_folium" in (f.url or "") or f.name == "":
            try:
                if f.locator("div.leaflet-container").count():
                    return f
            except Exception:  # noqa: BLE001 — detached frames during reruns
                continue
    raise AssertionError("map iframe not found")


def path_fills(page) -> dict[str, str]:
    """Fill colour of each district path, keyed by AGS, read from Leaflet's layers."""
    f = map_frame(page)
    return f.evaluate(
        """() => {
            const out = {};
            const m = window.map_div || Object.values(window).find(v => v && v._layers && v.getZoom);
            m.eachLayer(l => { if (l.feature && l.options) out[l.feature.properties.ags] = l.options.fillColor; });
            return out;
        }"""
    )


def count_text(page) -> str:
    return page.locator('.ki-count').inner_text()


def slider_input(page):
    """The date slider's keyboard-operable range input."""
    return page.locator('[data-testid="stSlider"] input[type="range"]').first


def click_district(page, ags: str) -> None:
    """Click inside a district's polygon as a user would (at its centre on screen)."""
    f = map_frame(page)
    pt = f.evaluate(
        """(ags) => {
            let target = null;
            window.map_div.eachLayer(l => { if (l.feature && l.feature.properties.ags === ags) target = l; });
            const p = window.map_div.latLngToContainerPoint(target.getCenter());
            const r = window.map_div.getContainer().getBoundingClientRect();
            return {x: p.x + r.left, y: p.y + r.top};
        }""",
        ags,
    )
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + pt["x"], box["y"] + pt["y"])


def path_style(page, ags: str) -> dict:
    f = map_frame(page)
    return f.evaluate(
        """(ags) => { let s = null;
            window.map_div.eachLayer(l => { if (l.feature && l.feature.properties.ags === ags) s = l.options; });
            return {color: s.color, weight: s.weight, fillColor: s.fillColor}; }""",
        ags,
    )


def download(page, button, name_pattern: str, folder, timeout: float = 60000):
    """Click `button`, take the download it starts, check its file name against the regex
    `name_pattern` (whole name) and save it into `folder`; return the saved Path."""
    import re

    button.wait_for(timeout=timeout)
    with page.expect_download(timeout=timeout) as info:
        button.click()
    dl = info.value
    assert re.fullmatch(name_pattern, dl.suggested_filename), dl.suggested_filename
    target = folder / dl.suggested_filename
    dl.save_as(str(target))
    return target
