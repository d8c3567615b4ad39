"""The translation table: one entry per key, German and English for each."""
import ast
import collections
from pathlib import Path

from kirollout.render import i18n


def test_no_key_is_defined_twice():
    """A second definition silently overrides the first (Python dict literal), so forbid it."""
    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        target = getattr(node, "target", None) or (getattr(node, "targets", [None]) or [None])[0]
        if getattr(target, "id", "") == "T" and isinstance(node.value, ast.Dict):
            counts = collections.Counter(k.value for k in node.value.keys)
            assert [k for k, n in counts.items() if n > 1] == []
            return
    raise AssertionError("translation table T not found")


def test_every_key_has_german_and_english():
    for key, entry in i18n.T.items():
        if key.startswith("_section_"):
            continue
        assert entry.get("de") and entry.get("en"), key
