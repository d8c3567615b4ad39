"""Contacts per centre (ki_data/contacts.csv, collected by research): one accessor the trip
pack and pages read, so the table can arrive later without touching them.

Schema: contact_id, center_id, role, value, stand, stand_precision, source_id, research_note.
`records.contacts` (a DataFrame) may not exist yet: then every role is "nicht belegt".
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .i18n import format_partial_date, t
from .records import Records

ROLES = ("address", "host_office", "head_of_centre", "head_of_host_office", "head_of_administration",
         "phone", "email", "website")


@dataclass(frozen=True)
class Contact:
    role: str
    value: str
    stand: str            # date of the source's statement (YYYY / YYYY-MM / YYYY-MM-DD), "" if none
    stand_precision: str
    source_id: str


def _table(records: Records) -> pd.DataFrame | None:
    df = getattr(records, "contacts", None)
    if df is None:
        df = records.extra.get("contacts") if isinstance(getattr(records, "extra", None), dict) else None
    return df if isinstance(df, pd.DataFrame) and len(df) else None


def contacts(records: Records, center_id: str, role: str) -> list[Contact]:
    """Every sourced row for this centre and role, newest Stand first ([] when none)."""
    df = _table(records)
    if df is None:
        return []
    rows = df[(df["center_id"] == center_id) & (df["role"] == role)]
    out = [Contact(r["role"], str(r["value"]), str(r.get("stand", "") or ""), str(r.get("stand_precision", "") or ""),
                   str(r.get("source_id", "") or "")) for r in rows.to_dict("records") if str(r["value"]).strip()]
    return sorted(out, key=lambda c: c.stand, reverse=True)


def contact_text(records: Records, center_id: str, role: str, lang: str = "de") -> str:
    """"Dr. A. Beispiel (Stand 03/2025) [src-12]" — or "nicht belegt"."""
    found = contacts(records, center_id, role)
    if not found:
        return t("not_documented", lang)
    c = found[0]
    stand = (f" ({t('contact_stand', lang, date=format_partial_date(c.stand, c.stand_precision or 'day', lang))})"
             if c.stand else "")
    return f"{c.value}{stand}" + (f" [{c.source_id}]" if c.source_id else "")
