"""How complete the records are, and a text filter for the record tables."""
from __future__ import annotations

import pandas as pd

from .records import Records


def facts_without_source(records: Records) -> int:
    """Facts whose source id is empty or does not resolve (must be 0).

    Counts events, funding amounts and rates without a resolving `source_id`, and centers
    with a host office or address but no resolving `address_source_id`.
    """
    ids = set(records.sources["source_id"])
    n = 0
    for df in (records.events, records.funding, records.funding_rates):
        n += int((~df["source_id"].isin(ids)).sum())
    c = records.centers
    has_fact = (c["host_office"] != "") | (c["address"] != "")
    n += int((has_fact & ~c["address_source_id"].isin(ids)).sum())
    return n


def filter_frame(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows where any cell contains every word of `query` (case-insensitive); all rows if empty."""
    words = [w for w in (query or "").casefold().split() if w]
    if not words:
        return df
    text = df.astype(str).agg(" ".join, axis=1).str.casefold()
    mask = pd.Series(True, index=df.index)
    for w in words:
        mask &= text.str.contains(w, regex=False)
    return df[mask]
