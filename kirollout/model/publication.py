"""Who publishes the public edition and under which licence: configuration, not code.

Newsrooms need a publisher to name, a contact for corrections, the licence of the compiled records
(beside the boundaries' dl-de/zero-2-0) and the published address for embed snippets and
link-preview tags. Each comes from the environment; what is not set stays a visible placeholder
(`configured` is False), never an invented value.

    KI_SITE_URL        absolute address of the published site/ (https://…/ki-rollout/)
    KI_PUBLISHER       who publishes the edition ("Redaktion X")
    KI_CONTACT         corrections contact (mail address or URL)
    KI_DATA_LICENSE    licence of the compiled records (default "CC BY 4.0")
    KI_DATA_LICENSE_URL its text (default the CC BY 4.0 deed)
"""
from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_LICENSE = "CC BY 4.0"
DEFAULT_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.de"


@dataclass(frozen=True)
class Publication:
    """The configured facts; empty strings where nothing is configured."""

    site_url: str
    publisher: str
    contact: str
    license: str
    license_url: str

    @property
    def site_url_ok(self) -> bool:
        """An absolute http(s) address: only then can a snippet or a preview tag use it."""
        return self.site_url.startswith(("https://", "http://"))

    def absolute(self, rel: str) -> str:
        """`rel` under the published address ("" when no absolute address is configured)."""
        return self.site_url.rstrip("/") + "/" + rel.lstrip("/") if self.site_url_ok else ""

    @property
    def contact_href(self) -> str:
        c = self.contact
        if not c:
            return ""
        return c if c.startswith(("https://", "http://", "mailto:")) else f"mailto:{c}" if "@" in c else ""


def publication() -> Publication:
    """The publication facts from the environment (read at call time, so tests can set them)."""
    env = os.environ.get
    return Publication(site_url=env("KI_SITE_URL", "").strip(), publisher=env("KI_PUBLISHER", "").strip(),
                       contact=env("KI_CONTACT", "").strip(),
                       license=env("KI_DATA_LICENSE", "").strip() or DEFAULT_LICENSE,
                       license_url=env("KI_DATA_LICENSE_URL", "").strip()
                       or (DEFAULT_LICENSE_URL if not env("KI_DATA_LICENSE", "").strip() else ""))
