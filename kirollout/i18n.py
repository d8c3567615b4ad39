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
    "state_open_undated": {"de": "arbeitet belegt, Eröffnungsjahr nicht belegt",
                           "en": "documented as working, opening year not documented"},
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
    "page_timeline": {"de": "Zeitleiste", "en": "Timeline"},
    "page_funding": {"de": "Förderung", "en": "Funding"},
    "timeline_heading": {"de": "Zeitleiste: wie viele Zentren wann arbeiteten",
                         "en": "Timeline: how many centres were working when"},
    "timeline_headline": {"de": "{open} von {total} Zentren arbeiten belegt (Stand {date}). Für {undocumented} ist kein Eröffnungsdatum belegt, davon {working} mit belegtem Arbeitsbeginn.",
                          "en": "{open} of {total} centres documented as working (as of {date}). {undocumented} have no documented opening date; {working} of them are documented as working."},
    "chart_surely_open": {"de": "sicher geöffnet", "en": "surely open"},
    "chart_possibly_open": {"de": "möglicherweise geöffnet (Datum nur auf Monat/Jahr bekannt)",
                            "en": "possibly open (date known only to month/year)"},
    "chart_hover_counts": {"de": "{date}: {open} sicher, bis zu {possible} möglicherweise geöffnet",
                           "en": "{date}: {open} surely, up to {possible} possibly open"},
    "chart_all_54": {"de": "alle 54", "en": "all 54"},
    "chart_ms_counted": {"de": "Meilenstein mit Zahl laut Quelle", "en": "Milestone with a count from the source"},
    "chart_ms_uncounted": {"de": "Meilenstein ohne Zahl", "en": "Milestone without a count"},
    "chart_ms_source_count": {"de": "laut Quelle: {n} Zentren", "en": "according to the source: {n} centres"},
    "chart_centers_axis": {"de": "Zentren", "en": "Centres"},
    "timeline_caption": {
        "de": "Untere Linie: Zentren, deren Eröffnung belegt vor dem Tag liegt. Schattiertes Band bis zur oberen Linie: Zentren, deren Eröffnung nur auf Monat oder Jahr bekannt ist und in diesen Zeitraum fällt. Rauten: die Zahl, die die Quelle des Meilensteins nennt; Dreiecke: Meilensteine ohne Zahl. Zentren ohne belegtes Datum fehlen in der Kurve.",
        "en": "Lower line: centres whose documented opening lies before the day. Shaded band up to the upper line: centres whose opening is known only to the month or year and falls in that period. Diamonds: the count the milestone's source states; triangles: milestones without a count. Centres without a documented date are not in the curve.",
    },
    "ms_table_date": {"de": "Datum", "en": "Date"},
    "ms_table_label": {"de": "Meilenstein", "en": "Milestone"},
    "ms_table_count": {"de": "Zahl laut Quelle", "en": "Count in source"},
    "ms_table_ours": {"de": "unsere Daten (geöffnet + unsicher)", "en": "our records (open + uncertain)"},
    "ms_table_source": {"de": "Quelle", "en": "Source"},
    "rows_heading": {"de": "Eröffnung je Kreis und kreisfreier Stadt", "en": "Opening per district and city"},
    "rows_caption": {
        "de": "Ein Punkt: Datum auf den Tag belegt. Ein Balken: nur Monat oder Jahr belegt, der Balken deckt diesen Zeitraum. Farben wie in der Karte (Eröffnungsjahr). Klick auf eine Zeile wählt den Kreis aus.",
        "en": "A dot: date documented to the day. A bar: only month or year documented; the bar covers that period. Colours as on the map (opening year). Click a row to select the district.",
    },
    "chart_day_precise": {"de": "Datum auf den Tag", "en": "date to the day"},
    "chart_range_precise": {"de": "nur Monat/Jahr bekannt", "en": "month/year only"},
    "rows_undocumented": {"de": "Eröffnungsdatum nicht belegt ({n})", "en": "Opening date not documented ({n})"},
    "rows_open_by": {"de": "arbeitet belegt am {date}", "en": "documented as working on {date}"},
    "rows_selected": {"de": "Ausgewählt: {name}", "en": "Selected: {name}"},
    "rows_to_map": {"de": "In der Karte zeigen", "en": "Show on the map"},
    "program_integration_staff": {"de": "Integrationsministerium: Personal", "en": "Integration ministry: staff"},
    "program_school_teachers": {"de": "Schulministerium: Lehrerstellen", "en": "School ministry: teacher posts"},
    "program_komm_an": {"de": "KOMM-AN NRW", "en": "KOMM-AN NRW"},
    "program_state_total": {"de": "Landesmittel gesamt", "en": "State funds, total"},
    "program_other": {"de": "Sonstiges", "en": "Other"},
    "funding_heading": {"de": "Förderung: Landesmittel je Kreis und Programm",
                        "en": "Funding: state money per district and programme"},
    "funding_intro": {
        "de": "Zwei Arten von Zahlen, immer getrennt: **belegt** (Betrag aus einer Quelle) und **modelliert aus den Regelsätzen** (Satz je Zentrum und Jahr, anteilig nach Monaten seit der belegten Eröffnung). Modellierte Zahlen sind Schätzungen, keine Auszahlungen.",
        "en": "Two kinds of figures, always kept apart: **sourced** (an amount stated by a source) and **modelled from the standard rates** (rate per centre and year, prorated by months since the documented opening). Modelled figures are estimates, not payments.",
    },
    "funding_years": {"de": "Jahre", "en": "Years"},
    "funding_metric_modelled": {"de": "modelliert {a}–{b}", "en": "modelled {a}–{b}"},
    "funding_metric_centers": {"de": "Zentren im Modell", "en": "Centres in the model"},
    "funding_metric_centers_value": {"de": "{n} von {total}", "en": "{n} of {total}"},
    "funding_metric_sourced": {"de": "belegte Einzelbeträge", "en": "sourced amounts"},
    "funding_by_district": {"de": "Je Kreis und Programm (modelliert)", "en": "Per district and programme (modelled)"},
    "funding_per_inhabitant": {"de": "Je Einwohnerin und Einwohner (modelliert)", "en": "Per inhabitant (modelled)"},
    "funding_per_year": {"de": "Landesweit je Jahr (modelliert)", "en": "Statewide per year (modelled)"},
    "funding_statewide": {"de": "Landesweite Summen laut Quellen (belegt, nicht auf Kreise verteilt)",
                          "en": "Statewide totals from sources (sourced, not split into districts)"},
    "funding_sourced_heading": {"de": "Belegte Beträge einzelner Zentren", "en": "Sourced amounts for single centres"},
    "funding_table_heading": {"de": "Tabelle", "en": "Table"},
    "funding_download": {"de": "Tabelle als CSV herunterladen", "en": "Download table as CSV"},
    "funding_not_modelled": {"de": "Ohne modellierten Betrag, weil das Eröffnungsdatum nicht belegt ist ({n})",
                             "en": "No modelled amount because the opening date is not documented ({n})"},
    "funding_reference_date": {"de": "Einwohnerzahl zum Stichtag", "en": "Population at reference date"},
    "funding_ref_2022": {"de": "15.05.2022 (Zensus 2022)", "en": "15 May 2022 (census 2022)"},
    "funding_ref_2018": {"de": "31.12.2018 (Fortschreibung)", "en": "31 Dec 2018 (population estimate)"},
    "caption_modelled": {
        "de": "modelliert aus den Regelsätzen, {years}: Satz je Zentrum und Jahr ÷ 12 für jeden vollen Monat ab der belegten Eröffnung. Ist die Eröffnung nur auf Monat oder Jahr bekannt, zählt erst das Ende dieses Zeitraums (vorsichtig gerechnet, eher zu niedrig). Angenommen wird, dass die Sätze bis heute gelten, solange keine neue Zeile in funding_rates.csv sie ablöst. Regelsätze: {rates}.",
        "en": "modelled from the standard rates, {years}: rate per centre and year ÷ 12 for every full month from the documented opening. Where the opening is known only to the month or year, counting starts at the end of that period (conservative, rather too low). The rates are assumed to apply until a new row in funding_rates.csv replaces them. Rates: {rates}.",
    },
    "caption_sourced": {"de": "belegt: Beträge wie in der jeweiligen Quelle genannt.",
                        "en": "sourced: amounts as stated in each source."},
    "caption_population": {
        "de": "Einwohnerzahl zum Stichtag {date}. {attribution}. StädteRegion Aachen: Einwohner der StädteRegion ohne die Stadt Aachen, die ein eigenes Zentrum hat.",
        "en": "Population at reference date {date}. {attribution}. StädteRegion Aachen: inhabitants of the StädteRegion without the city of Aachen, which has its own centre.",
    },
    "caption_sources": {"de": "Quellen der Regelsätze", "en": "Sources of the rates"},
    "rate_line": {"de": "{label}: {amount} je Jahr{approx}, gültig ab {valid_from}{valid_to}",
                  "en": "{label}: {amount} per year{approx}, valid from {valid_from}{valid_to}"},
    "rate_approx": {"de": " (ca.)", "en": " (approx.)"},
    "rate_valid_to": {"de": " bis {date}", "en": " to {date}"},
    "col_basis": {"de": "Grundlage", "en": "Basis"},
    "col_kreis": {"de": "Kreis / Stadt", "en": "District / city"},
    "col_ags": {"de": "AGS", "en": "AGS"},
    "col_year": {"de": "Jahr", "en": "Year"},
    "col_program": {"de": "Programm", "en": "Programme"},
    "col_months": {"de": "Monate", "en": "Months"},
    "col_amount": {"de": "Betrag (EUR)", "en": "Amount (EUR)"},
    "col_approximate": {"de": "ca.", "en": "approx."},
    "col_label": {"de": "Wofür", "en": "What for"},
    "col_source": {"de": "Quelle", "en": "Source"},
    "basis_modelled": {"de": "modelliert", "en": "modelled"},
    "basis_sourced": {"de": "belegt", "en": "sourced"},
    "no_year": {"de": "ohne Jahr", "en": "no year"},
    "chart_eur": {"de": "EUR", "en": "EUR"},
    "chart_eur_per_inhabitant": {"de": "EUR je Einwohner", "en": "EUR per inhabitant"},
    "chart_year": {"de": "Jahr", "en": "Year"},
    "chart_centers_modelled": {"de": "{n} Zentren im Modell", "en": "{n} centres in the model"},
    "funding_yes": {"de": "ja", "en": "yes"},
    # ==== briefing and visits (issue 5) ====
    "_section_briefing": {"de": "", "en": ""},
    "page_profile": {"de": "Kreisprofil", "en": "District profile"},
    "page_visits": {"de": "Besuchshistorie", "en": "Visit history"},
    "profile_heading": {"de": "Kreisprofil: Briefing zum Kommunalen Integrationszentrum",
                        "en": "District profile: briefing on the integration centre"},
    "profile_pick": {"de": "Bitte einen Kreis oder eine Stadt wählen.", "en": "Please choose a district or city."},
    "profile_link": {"de": "Kreisprofil und Briefing (PDF) öffnen", "en": "Open district profile and briefing (PDF)"},
    "briefing_title": {"de": "Briefing", "en": "Briefing"},
    "briefing_download": {"de": "Briefing als PDF", "en": "Briefing as PDF"},
    "briefing_host": {"de": "Träger / Amt", "en": "Host office"},
    "briefing_address": {"de": "Anschrift", "en": "Address"},
    "briefing_population": {"de": "Einwohner", "en": "Population"},
    "briefing_population_value": {"de": "{n} (Stand {date})", "en": "{n} (as of {date})"},
    "briefing_funding": {"de": "Förderung", "en": "Funding"},
    "briefing_funding_sourced": {"de": "belegt", "en": "sourced"},
    "briefing_funding_modelled": {"de": "modelliert", "en": "modelled"},
    "briefing_funding_none": {"de": "Keine Beträge für dieses Zentrum belegt.",
                              "en": "No amounts documented for this centre."},
    "briefing_modelled_note": {
        "de": "Modelliert: Regelförderung je Zentrum und Jahr laut funding_rates.csv, weil das Zentrum am {date} als arbeitend belegt ist; keine belegte Zahlung.",
        "en": "Modelled: standard rate per centre and year from funding_rates.csv, because the centre is documented as working on {date}; not a documented payment.",
    },
    "briefing_modelled_none": {
        "de": "Keine modellierte Förderung: das Zentrum ist am {date} nicht als arbeitend belegt.",
        "en": "No modelled funding: the centre is not documented as working on {date}.",
    },
    "briefing_per_year": {"de": "je Jahr", "en": "per year"},
    "briefing_approx": {"de": "ca.", "en": "approx."},
    "briefing_no_year": {"de": "ohne Jahr", "en": "no year"},
    "briefing_more_events": {"de": "… und {n} weitere", "en": "… and {n} more"},
    "briefing_data_date": {"de": "Datenstand (letzter Abruf der Quellen)", "en": "Data as of (latest source access)"},
    "briefing_created": {"de": "Erstellt", "en": "Created"},
    "briefing_locator_alt": {"de": "Lage in Nordrhein-Westfalen (hervorgehoben)",
                             "en": "Location in North Rhine-Westphalia (highlighted)"},
    "briefing_chart_title": {"de": "Förderung in EUR", "en": "Funding in EUR"},
    "briefing_no_events": {"de": "Keine Ereignisse belegt.", "en": "No events documented."},
    "precision_day": {"de": "tagesgenau", "en": "exact day"},
    "precision_month": {"de": "nur Monat belegt", "en": "month only"},
    "precision_year": {"de": "nur Jahr belegt", "en": "year only"},
    "col_date": {"de": "Datum", "en": "Date"},
    "col_type": {"de": "Art", "en": "Type"},
    "col_what": {"de": "Was", "en": "What"},
    "col_person": {"de": "Person", "en": "Person"},
    "col_visits": {"de": "Besuche belegt", "en": "Visits documented"},
    "col_undated": {"de": "davon ohne Datum", "en": "of which undated"},
    "col_last_visit": {"de": "Letzter belegter Besuch", "en": "Last documented visit"},
    "col_url": {"de": "Internetadresse", "en": "Web address"},
    "col_kind": {"de": "Art der Angabe", "en": "Kind of figure"},
    "visits_heading": {"de": "Besuchshistorie: Besuche von Mitgliedern der Landesregierung",
                       "en": "Visit history: visits by members of the state government"},
    "visits_intro": {
        "de": "Letzter belegter Besuch je Kreis und kreisfreier Stadt (Datum so genau wie in der Quelle). Besuche ohne Datum zählen nicht als „letzter Besuch“; sie stehen in der Spalte „davon ohne Datum“.",
        "en": "Last documented visit per district (date as precise as the source). Undated visits do not count as the \"last visit\"; they are listed in the column \"of which undated\".",
    },
    "visits_since_label": {"de": "keine Besuche seit", "en": "no visits since"},
    "visits_since_result": {"de": "{n} von {total} Kreisen/Städten ohne belegten Besuch seit {date}",
                            "en": "{n} of {total} districts/cities without a documented visit since {date}"},
    "visits_since_note": {
        "de": "Gezählt wird ein Besuch, dessen belegter Zeitraum (Tag, Monat oder Jahr) den {date} erreicht. Besuche ohne Datum gelten als unbekannt: ob sie nach dem Stichtag lagen, ist nicht belegt – betroffene Kreise sind markiert.",
        "en": "A visit counts when its documented period (day, month or year) reaches {date}. Undated visits count as unknown: whether they were after the cut-off is not documented – affected districts are marked.",
    },
    "visits_unknown_flag": {"de": "unbekannt ({n} ohne Datum)", "en": "unknown ({n} undated)"},
    "visits_none": {"de": "kein Besuch belegt", "en": "no visit documented"},
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
