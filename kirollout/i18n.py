"""Every visible UI string in one table (German first, English second) and locale formatting.

Place names stay German. Dates keep their precision when formatted.
"""
from __future__ import annotations

from datetime import date

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal

from .dates import parse_period

LANGS = ("de", "en")
LOCALES = {"de": "de_DE", "en": "en_GB"}

T: dict[str, dict[str, str]] = {
    "app_title": {"de": "KI-Rollout NRW", "en": "KI rollout NRW"},
    "app_subtitle": {
        "de": "Wie die 54 Kommunalen Integrationszentren in Nordrhein-Westfalen entstanden",
        "en": "How the 54 municipal integration centres (Kommunale Integrationszentren) in North Rhine-Westphalia were set up",
    },
    "page_map": {"de": "Karte", "en": "Map"},
    "map_heading": {"de": "Karte: Eröffnung der Kommunalen Integrationszentren",
                    "en": "Map: opening of the Kommunale Integrationszentren"},
    "state_open": {"de": "arbeitet", "en": "working"},
    "state_uncertain": {"de": "unsicher (Eröffnung nur auf Monat/Jahr bekannt)",
                        "en": "uncertain (opening known only to month/year)"},
    "state_not_yet": {"de": "noch nicht eröffnet", "en": "not yet open"},
    "state_undocumented": {"de": "nicht belegt", "en": "not documented"},
    "not_documented": {"de": "nicht belegt", "en": "not documented"},
    "legend_title": {"de": "Eröffnet (Jahr)", "en": "Opened (year)"},
    "tt_center": {"de": "Zentrum", "en": "Centre"},
    "tt_kreis": {"de": "Kreis / Stadt", "en": "District / city"},
    "tt_opening": {"de": "Eröffnung", "en": "Opening"},
    "tt_source": {"de": "Quelle", "en": "Source"},
    "tt_state": {"de": "Stand", "en": "Status"},
    "count_line": {"de": "{open} geöffnet (+{uncertain} unsicher) von {total}",
                   "en": "{open} open (+{uncertain} uncertain) of {total}"},
    "documented_line": {
        "de": "Eröffnungsdatum belegt für {n} von {total} Zentren: {day} auf den Tag, {month} auf den Monat, {year} auf das Jahr genau; {none} nicht belegt.",
        "en": "Opening date documented for {n} of {total} centres: {day} to the day, {month} to the month, {year} to the year; {none} not documented.",
    },
    "data_error": {"de": "Die Daten konnten nicht geladen werden:", "en": "The data could not be loaded:"},
    "geodata_missing": {"de": "Die Grenzdaten fehlen. Bitte `make geodata` ausführen.",
                        "en": "Boundary data missing. Please run `make geodata`."},
    "attribution_prefix": {"de": "Grenzen", "en": "Boundaries"},
    "language": {"de": "Sprache", "en": "Language"},
    "date_label": {"de": "Datum", "en": "Date"},
    "play": {"de": "▶ Abspielen", "en": "▶ Play"},
    "pause": {"de": "⏸ Pause", "en": "⏸ Pause"},
    "step_back": {"de": "◀ Zurück", "en": "◀ Back"},
    "step_fwd": {"de": "Vor ▶", "en": "Forward ▶"},
    "search_label": {"de": "Kreis oder Stadt suchen", "en": "Find a district or city"},
    "search_placeholder": {"de": "Name eingeben, z. B. Aachen", "en": "Type a name, e.g. Aachen"},
    "clear_selection": {"de": "Auswahl aufheben", "en": "Clear selection"},
    "milestones_heading": {"de": "Meilensteine laut Quellen", "en": "Milestones according to sources"},
    "milestone_ours": {"de": "unsere Daten am selben Tag: {open} geöffnet (+{uncertain} unsicher)",
                       "en": "our records on the same day: {open} open (+{uncertain} uncertain)"},
    "notice_bad_param": {
        "de": "Der Link enthielt einen ungültigen Wert ({names}); gezeigt wird die Standardansicht.",
        "en": "The link contained an invalid value ({names}); showing the default view.",
    },
    "detail_kind": {"de": "Art", "en": "Type"},
    "detail_opening": {"de": "Eröffnung", "en": "Opening"},
    "detail_opening_other": {"de": "Abweichende Angabe", "en": "Conflicting source"},
    "detail_open_by": {"de": "Belegt arbeitend am", "en": "Documented as working on"},
    "detail_approval": {"de": "Bewilligung / Genehmigung", "en": "Approval"},
    "detail_rank": {"de": "Platz im Rollout", "en": "Place in the rollout"},
    "rank_exact": {"de": "{a}. Zentrum (unter den {n} Zentren mit belegtem Datum)",
                   "en": "centre no. {a} (among the {n} centres with a documented date)"},
    "rank_range": {"de": "zwischen dem {a}. und {b}. Zentrum (unter den {n} Zentren mit belegtem Datum)",
                   "en": "between centre no. {a} and {b} (among the {n} centres with a documented date)"},
    "detail_predecessor": {"de": "Vorläufer", "en": "Predecessor"},
    "detail_events": {"de": "Ereignisse", "en": "Events"},
    "detail_sources": {"de": "Quellen", "en": "Sources"},
    "detail_choice": {"de": "Welche Angabe die Karte nutzt", "en": "Which date the map uses"},
    "undated": {"de": "ohne Datum", "en": "undated"},
    "share_heading": {"de": "Link zu dieser Ansicht", "en": "Link to this view"},
    "share_help": {"de": "Die Adresse im Browser enthält Datum und Auswahl.",
                   "en": "The address in your browser holds date and selection."},
    "type_opening": {"de": "Eröffnung", "en": "Opening"},
    "type_open_by": {"de": "Arbeitet belegt", "en": "Documented as working"},
    "type_approval": {"de": "Bewilligung", "en": "Approval"},
    "type_decision": {"de": "Beschluss", "en": "Decision"},
    "type_predecessor": {"de": "Vorläufer", "en": "Predecessor"},
    "type_visit": {"de": "Besuch", "en": "Visit"},
    "type_milestone": {"de": "Meilenstein", "en": "Milestone"},
    "type_funding_note": {"de": "Förderung", "en": "Funding"},
    "type_other": {"de": "Sonstiges", "en": "Other"},
    "kind_kreisfreie Stadt": {"de": "kreisfreie Stadt", "en": "independent city"},
    "kind_Kreis": {"de": "Kreis", "en": "district (Kreis)"},
    "kind_StädteRegion": {"de": "StädteRegion", "en": "StädteRegion (district)"},
    "kind_Stadt in der StädteRegion": {"de": "Stadt in der StädteRegion", "en": "city within the StädteRegion"},
    "no_url": {"de": "ohne Internetadresse", "en": "no web address"},
    "map_text_alt": {"de": "Karte der 53 Kreise und kreisfreien Städte und der Stadt Aachen; dieselben Angaben stehen in der Tabelle unter der Karte.",
                     "en": "Map of the 53 districts and independent cities and the city of Aachen; the same facts are in the table below the map."},
    # ==== charts and funding (issue 4) ====
    "_section_charts": {"de": "", "en": ""},
    # ==== briefing and visits (issue 5) ====
    "_section_briefing": {"de": "", "en": ""},
    # ==== data and sources, editor (issue 6) ====
    "_section_data": {"de": "", "en": ""},
    # ==== exports, language, accessibility, presentation (issue 7) ====
    "_section_exports": {"de": "", "en": ""},
    "lang_switch_label": {"de": "Sprache / Language", "en": "Sprache / Language"},  # one label: the switch stays the same widget
    "lang_name_de": {"de": "Deutsch", "en": "Deutsch"},
    "lang_name_en": {"de": "English", "en": "English"},
    "export_png": {"de": "Karte als PNG", "en": "Map as PNG"},
    "export_png_help": {"de": "Druckfähiges Bild (2400 × 1600 Pixel) mit Legende, Datum, Zählung und Quellenangabe",
                        "en": "Print-ready image (2400 × 1600 pixels) with legend, date, count and attribution"},
    "export_html": {"de": "Interaktive Karte (HTML)", "en": "Interactive map (HTML)"},
    "export_html_help": {"de": "Eine einzige Datei, die ohne Internet im Browser läuft, mit eigener Zeitleiste",
                         "en": "One single file that runs in a browser without internet, with its own timeline"},
    "html_map_alt": {"de": "Karte der 53 Kreise und kreisfreien Städte und der Stadt Aachen am gewählten Datum",
                     "en": "Map of the 53 districts and independent cities and the city of Aachen on the chosen date"},
    "html_offline_note": {"de": "Offline-Datei aus dem Dashboard KI-Rollout NRW; Zeitleiste mit denselben Regeln wie im Dashboard.",
                          "en": "Offline file from the KI rollout NRW dashboard; timeline with the same rules as the dashboard."},
    "table_heading": {"de": "Die Karte als Tabelle", "en": "The map as a table"},
    "table_help": {"de": "Dieselben Angaben wie auf der Karte am gewählten Datum; Spaltenkopf anklicken zum Sortieren.",
                   "en": "The same facts as the map on the chosen date; click a column header to sort."},
    "col_district": {"de": "Kreis / Stadt", "en": "District / city"},
    "col_state": {"de": "Stand am Datum", "en": "Status on the date"},
    "col_opening": {"de": "Eröffnung (wie belegt)", "en": "Opening (as documented)"},
    "col_opening_iso": {"de": "Eröffnung (ISO, sortierbar)", "en": "Opening (ISO, sortable)"},
    "col_source": {"de": "Quelle", "en": "Source"},
    "present_start": {"de": "Präsentationsmodus", "en": "Presentation mode"},
    "present_exit": {"de": "Präsentation beenden", "en": "End presentation"},
    "present_hint": {"de": "Esc beendet die Präsentation.", "en": "Press Esc to end the presentation."},
    "present_replay": {"de": "↺ Von vorn", "en": "↺ From the start"},
    # ==== benchmarks and hostile input (issue 8) ====
    "_section_bench": {"de": "", "en": ""},
}


def t(key: str, lang: str = "de", **fmt) -> str:
    """The UI string `key` in `lang` (falls back to German), formatted with `fmt`."""
    entry = T[key]
    text = entry.get(lang) or entry["de"]
    return text.format(**fmt) if fmt else text


def format_partial_date(text: str, precision: str, lang: str = "de", style: str = "short") -> str:
    """A date as precise as its source: "15.03.2013" / "März 2013" / "2013"; empty → nicht belegt."""
    if not text:
        return t("not_documented", lang)
    p = parse_period(text, precision)
    loc = LOCALES.get(lang, "de_DE")
    if precision == "year":
        return str(p.start.year)
    if precision == "month":
        return _babel_date(p.start, "LLLL yyyy", locale=loc)
    if style == "long":
        return _babel_date(p.start, "long", locale=loc)
    return _babel_date(p.start, "dd.MM.yyyy" if lang == "de" else "d MMM yyyy", locale=loc)


def format_day(d: date, lang: str = "de", style: str = "long") -> str:
    loc = LOCALES.get(lang, "de_DE")
    if style == "long":
        return _babel_date(d, "long", locale=loc)
    return _babel_date(d, "dd.MM.yyyy" if lang == "de" else "d MMM yyyy", locale=loc)


def format_eur(amount: float, lang: str = "de") -> str:
    return format_currency(amount, "EUR", locale=LOCALES.get(lang, "de_DE"), format="#,##0\u00a0¤" if lang == "de" else "¤#,##0",
                           currency_digits=False)


def format_number(n: float, lang: str = "de") -> str:
    return format_decimal(n, locale=LOCALES.get(lang, "de_DE"))
