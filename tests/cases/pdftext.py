"""Just enough of a PDF reader to get the text back out of an uncompressed fpdf2 PDF, for tests.

fpdf2 writes each font's text as codes of its subset (two bytes each for an embedded TrueType font, with a
/ToUnicode CMap per font), or as Latin-1 bytes for a core font. We follow the `Tf` font switches in the
content streams and map the codes back through the font's CMap.
"""

from __future__ import annotations

import re

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.DOTALL)
FONT_REF = re.compile(rb"/(F\d+) (\d+) 0 R")
TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
SHOW = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.DOTALL)
ESCAPES = {
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"\b",
    b"f": b"\f",
    b"(": b"(",
    b")": b")",
    b"\\": b"\\",
}


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            nxt = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out += ESCAPES.get(nxt, nxt)
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    objects = {int(m.group(1)): m.group(2) for m in OBJECT.finditer(pdf)}
    cmaps: dict[bytes, dict[int, str] | None] = {}
    for name, number in set(FONT_REF.findall(pdf)):
        font = objects.get(int(number), b"")
        found = TO_UNICODE.search(font)
        if found is None:
            cmaps[name] = None  # a core font: Latin-1
            continue
        cmap = objects[int(found.group(1))]
        pairs = cmap[cmap.index(b"beginbfchar") :] if b"beginbfchar" in cmap else b""
        cmaps[name] = {int(src, 16): chr(int(dst, 16)) for src, dst in BFCHAR.findall(pairs)}
    text = []
    current = None
    for match in SHOW.finditer(pdf):
        if match.group(1):
            current = match.group(1)
            continue
        raw = _unescape(match.group(2))
        cmap = cmaps.get(current)
        if cmap is None:
            text.append(raw.decode("latin-1"))
        else:
            text.append(
                "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2))
            )
    assert text, "no text found: was the PDF made with compress=False?"
    return "\n".join(text)
