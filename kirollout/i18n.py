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
    "page_data": {"de": "Daten & Quellen", "en": "Data & sources"},
    "data_heading": {"de": "Daten & Quellen", "en": "Data and sources"},
    "data_intro": {
        "de": "Alles, was dieses Dashboard zeigt, steht in fünf Tabellen. Jede Angabe verweist auf eine Quelle; was keine Quelle belegt, erscheint als „nicht belegt“.",
        "en": "Everything this dashboard shows comes from five tables. Every fact points to a source; anything no source documents is shown as “not documented”.",
    },
    "data_fallback_warning": {
        "de": "Die gespeicherten Daten sind fehlerhaft; angezeigt wird der letzte geprüfte Stand. Gefundene Probleme:",
        "en": "The stored data is broken; showing the last checked version. Problems found:",
    },
    "quality_heading": {"de": "Vollständigkeit", "en": "Completeness"},
    "q_day": {"de": "Eröffnung auf den Tag genau", "en": "Opening known to the day"},
    "q_month": {"de": "auf den Monat genau", "en": "to the month"},
    "q_year": {"de": "auf das Jahr genau", "en": "to the year"},
    "q_none": {"de": "Eröffnung nicht belegt", "en": "Opening not documented"},
    "q_unsourced": {"de": "Angaben ohne Quelle", "en": "Facts without a source"},
    "q_last_change": {"de": "Letzte Änderung", "en": "Last change"},
    "q_help": {
        "de": "Zählung über die {total} Zentren; „ohne Quelle“ zählt Ereignisse, Beträge, Sätze und Adressen, deren Quelle fehlt oder nicht in der Quellentabelle steht.",
        "en": "Counted over the {total} centres; “without a source” counts events, amounts, rates and addresses whose source is missing or not in the sources table.",
    },
    "q_fallback": {
        "de": "Die gespeicherten Dateien enthalten {n} Problem(e); alle Zahlen und Tabellen hier zeigen den letzten geprüften Stand.",
        "en": "The stored files contain {n} problem(s); all figures and tables here show the last checked version.",
    },
    "tables_heading": {"de": "Tabellen", "en": "Tables"},
    "table_centers": {"de": "Zentren", "en": "Centres"},
    "table_events": {"de": "Ereignisse", "en": "Events"},
    "table_sources": {"de": "Quellen", "en": "Sources"},
    "table_funding": {"de": "Förderbeträge", "en": "Funding amounts"},
    "table_funding_rates": {"de": "Fördersätze", "en": "Funding rates"},
    "filter_label": {"de": "In der Tabelle suchen", "en": "Search the table"},
    "filter_placeholder": {"de": "z. B. Köln oder src-005", "en": "e.g. Köln or src-005"},
    "rows_shown": {"de": "{n} von {total} Zeilen", "en": "{n} of {total} rows"},
    "downloads_heading": {"de": "Herunterladen", "en": "Download"},
    "dl_csv": {"de": "{table} (CSV)", "en": "{table} (CSV)"},
    "dl_xlsx": {"de": "Alle Tabellen (Excel)", "en": "All tables (Excel)"},
    "dl_geojson": {"de": "Kreise mit Eckdaten (GeoJSON)", "en": "Districts with key facts (GeoJSON)"},
    "dl_note": {
        "de": "CSV in UTF-8 mit Komma, wie gespeichert; die Excel-Datei enthält ein Blatt je Tabelle. Grenzen: {attribution}.",
        "en": "CSV in UTF-8 with commas, as stored; the Excel file has one sheet per table. Boundaries: {attribution}.",
    },
    "editor_heading": {"de": "Bearbeiten (Redaktion)", "en": "Edit (editors only)"},
    "editor_password": {"de": "Passwort", "en": "Password"},
    "editor_login": {"de": "Anmelden", "en": "Log in"},
    "editor_logout": {"de": "Abmelden", "en": "Log out"},
    "editor_wrong": {"de": "Das Passwort ist falsch.", "en": "Wrong password."},
    "editor_name": {"de": "Ihr Name (steht im Änderungsprotokoll)", "en": "Your name (recorded in the change log)"},
    "editor_table": {"de": "Tabelle", "en": "Table"},
    "editor_mode": {"de": "Art der Änderung", "en": "How to change"},
    "editor_mode_upload": {"de": "Datei hochladen", "en": "Upload a file"},
    "editor_mode_edit": {"de": "In der Tabelle bearbeiten", "en": "Edit in the table"},
    "editor_upload": {"de": "Datei für „{table}“ (.csv in UTF-8 oder .xlsx, höchstens 5 MB)",
                      "en": "File for “{table}” (.csv in UTF-8 or .xlsx, at most 5 MB)"},
    "editor_base": {"de": "Sie bearbeiten den Stand {hash}.", "en": "You are editing version {hash}."},
    "editor_reload": {"de": "Neu laden", "en": "Reload"},
    "editor_problems": {"de": "{n} Problem(e) gefunden – nichts wurde gespeichert:",
                        "en": "{n} problem(s) found – nothing was saved:"},
    "editor_ok": {"de": "Die Prüfung hat keine Probleme gefunden.", "en": "The check found no problems."},
    "editor_diff": {"de": "Vorschau: {added} neu, {changed} geändert, {removed} entfernt",
                    "en": "Preview: {added} added, {changed} changed, {removed} removed"},
    "editor_nochange": {"de": "Keine Änderung gegenüber dem gespeicherten Stand.",
                        "en": "No change from the stored version."},
    "diff_added": {"de": "Neue Zeilen", "en": "Added rows"},
    "diff_changed": {"de": "Geänderte Zeilen", "en": "Changed rows"},
    "diff_removed": {"de": "Entfernte Zeilen", "en": "Removed rows"},
    "diff_key": {"de": "Schlüssel", "en": "Key"},
    "diff_column": {"de": "Spalte", "en": "Column"},
    "diff_old": {"de": "bisher", "en": "before"},
    "diff_new": {"de": "neu", "en": "after"},
    "editor_apply": {"de": "Übernehmen", "en": "Apply"},
    "editor_need_name": {"de": "Bitte zuerst Ihren Namen eingeben.", "en": "Please enter your name first."},
    "editor_saved": {"de": "Gespeichert. Der vorige Stand liegt im Verlauf.",
                     "en": "Saved. The previous version is kept in the history."},
    "editor_history": {"de": "Verlauf", "en": "History"},
    "editor_history_item": {"de": "Stand vor der Änderung von {editor} am {when}",
                            "en": "Version before the change by {editor} on {when}"},
    "editor_history_empty": {"de": "Noch keine früheren Stände.", "en": "No earlier versions yet."},
    "editor_restore": {"de": "Wiederherstellen", "en": "Restore"},
    "editor_restored": {"de": "Wiederhergestellt. Der ersetzte Stand liegt im Verlauf.",
                        "en": "Restored. The replaced version is kept in the history."},
    # ==== exports, language, accessibility, presentation (issue 7) ====
    "_section_exports": {"de": "", "en": ""},
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
