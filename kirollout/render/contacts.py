"""Contacts of a centre as text: the fact model's sourced contact rows (CenterFacts.contacts,
from ki_data/contacts.csv) with their Stand and source, or "nicht belegt"."""
from __future__ import annotations

from ..model.facts import CenterFacts, ContactFact
from .i18n import format_partial_date, t

ROLES = ("address", "host_office", "head_of_centre", "head_of_host_office", "head_of_administration",
         "phone", "email", "website")


def stand_text(c: ContactFact, lang: str = "de") -> str:
    """"Stand Juni 2022" — as precise as the source."""
    return t("contact_stand", lang, date=format_partial_date(c.stand, c.stand_precision or "day", lang))


def contact_text(f: CenterFacts, role: str, lang: str = "de") -> str:
    """"Dr. A. Beispiel (Stand 03/2025) [src-12]" — or "nicht belegt"."""
    c = f.contact(role)
    if c is None:
        return t("not_documented", lang)
    return f"{c.value} ({stand_text(c, lang)})" + (f" [{c.source_id}]" if c.source_id else "")
