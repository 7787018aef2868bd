"""Compile the .po translation files to .mo without GNU gettext (a fresh machine may not have msgfmt)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "signaalwijzer"


def main() -> int:
    problems = 0
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        po.save_as_mofile(str(mo_path))
        untranslated = len(po.untranslated_entries())
        fuzzy = len(po.fuzzy_entries())
        if untranslated or fuzzy:
            print(f"{po_path}: {untranslated} untranslated, {fuzzy} fuzzy", file=sys.stderr)
            problems += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
