"""What a newsroom needs beside the map: the citation, the licence lines and the data README.

Words come from kirollout.render.i18n; the facts from the Edition (Datenstand, version, credits) and the
Publication (publisher, contact, licence, published address).
"""
from __future__ import annotations

from ..model.edition import Edition
from ..model.publication import Publication
from .i18n import credit_line, edition_line, t


def publisher_text(pub: Publication, lang: str) -> str:
    return pub.publisher or t("publisher_unset", lang)


def contact_text(pub: Publication, lang: str) -> str:
    return pub.contact or t("contact_unset", lang)


def cite_text(edition: Edition, pub: Publication, lang: str, page: str = "index.html") -> str:
    """"<title>. Herausgeber: X. https://…/ · Datenstand: … · Version …" (placeholders when unset)."""
    url = pub.absolute(page) or t("cite_no_url", lang)
    return t("cite_text", lang, title=t("embed_title", lang), publisher=publisher_text(pub, lang), url=url,
             edition=edition_line(edition, lang))


def licence_text(edition: Edition, pub: Publication, lang: str) -> str:
    """The compilation's licence beside the boundaries' (and the population's) credit."""
    return (t("licence_records", lang, license=pub.license) + (f" ({pub.license_url})" if pub.license_url else "")
            + " · " + credit_line(edition, lang, population=True))


def data_readme(edition: Edition, pub: Publication) -> str:
    """LIESMICH.txt of the downloads, German then English: what, who, licence, Datenstand,
    files and columns."""
    parts = []
    for lang in ("de", "en"):
        parts += [t("readme_title", lang), "=" * len(t("readme_title", lang)), "",
                  edition_line(edition, lang),
                  f"{t('publisher_label', lang)}: {publisher_text(pub, lang)}",
                  f"{t('contact_label', lang)}: {contact_text(pub, lang)}",
                  licence_text(edition, pub, lang), "",
                  f"{t('cite_heading', lang)}: {cite_text(edition, pub, lang)}", "",
                  t("readme_files", lang), "", t("readme_columns", lang), "", t("readme_rules", lang), "", ""]
    return "\n".join(parts)
