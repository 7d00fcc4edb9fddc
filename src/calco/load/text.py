"""What a source file's text may hold: lines split on ``\\n`` only, and no character a release cannot carry.

A table is read as bytes and split on ``\\n`` alone. ``str.splitlines`` also breaks on U+2028,
U+2029, U+0085, ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e`` and a lone ``\\r``, so one of those inside a
cell would split the row ("has 11 cells") and shift every later line number.

A character is refused when a release could not carry it or a reader could not see it:

* control characters (NUL, ESC, ``\\x01``, ``\\x08``, ``\\x0b``, ``\\x0c``, DEL, C1 such as U+0085):
  XML 1.0 forbids most of them, so ``calco.owl`` would not be well-formed;
* line and paragraph separators (U+2028, U+2029): line breaks to some readers, not to others;
* format characters (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi embeddings,
  overrides and isolates): invisible, so ``calco\\u200bsis`` passes for ``calcosis`` and a label
  can bypass uniqueness; bidi controls can make text display in another order than it is stored;
* private-use, surrogate and unassigned code points: no meaning to share;
* spaces other than U+0020 (no-break, thin, ideographic ...): they look like a space but are not one.

Text must also be in Unicode NFC, so the same word is always the same characters.
"""

from __future__ import annotations

import re
import unicodedata

#: A UTF-8 byte order mark (Excel writes one); it is skipped, not refused.
BOM = "\ufeff"

#: Unicode general categories refused anywhere in a cell.
REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible format character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Co": "a private-use character",
    "Cs": "a surrogate",
    "Cn": "an unassigned code point",
    "Zs": "a space other than the plain space",
}


def split_lines(text: str) -> list[str]:
    """Split on ``\\n`` only; a ``\\r`` before it (CRLF, as Windows spreadsheets save) is dropped.

    The line after the final ``\\n`` is not a line, so ``"a\\nb\\n"`` has two.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def decode_utf8(data: bytes) -> tuple[str, tuple[int, int, str] | None]:
    """Decode ``data`` as UTF-8 (a leading BOM skipped).

    Returns the text and ``None``, or ``""`` and ``(line, character, reason)`` of the first byte that
    is not UTF-8, so the error can point at the line a curator must fix.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        character = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        return "", (line, character, f"byte 0x{data[error.start]:02x} is not UTF-8 ({error.reason})")
    return (text[1:] if text.startswith(BOM) else text), None


#: Characters that need a closer look: ASCII controls (tab included) and everything beyond ASCII.
#: Plain ASCII text, nearly every cell, is passed by one regex search instead of a per-character loop
#: (100k definitions: 0.2 s instead of 3.5 s).
_SUSPECT = re.compile(r"[^\x20-\x7e]")


def refused_character(value: str, *, tab_allowed: bool = False) -> str | None:
    """Why ``value`` may not be written to a release, or ``None`` when every character is fine."""
    if _SUSPECT.search(value) is None:
        return None
    for position, char in enumerate(value, start=1):
        if char == " " or (char == "\t" and tab_allowed):
            continue
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES:
            name = unicodedata.name(char, "")
            described = f"U+{ord(char):04X}{' ' + name if name else ''}"
            return f"contains {described}, {REFUSED_CATEGORIES[category]}, at character {position}; delete it or type a plain character"
    if not unicodedata.is_normalized("NFC", value):
        return "is not in Unicode NFC (a letter and a separate combining accent); retype it or save the table with composed characters"
    return None


def label_key(label: str) -> str:
    """What two labels must not share: NFKC-normalised, case-folded, white space collapsed.

    NFKC folds look-alikes that NFC keeps apart (the ``ﬁ`` ligature, full-width letters), so
    labels that read the same compare equal.
    """
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


#: White space other than the plain space, which ``label_key`` would collapse.
_OTHER_SPACE = re.compile(r"[\t\r\x0b\x0c\x1c-\x1f]")


def label_keys(labels: list[str]) -> list[str]:
    """:func:`label_key` of each label; for plain ASCII labels (nearly all) in one call over all of them.

    On ASCII, NFKC changes nothing and casefolding is lowercasing; with no white space but single
    inner spaces, collapsing changes nothing either. So the keys of such labels are the lowered
    line-joined text split again, with no call per label.
    """
    joined = "\n".join(labels)
    spaced = "  " in joined or " \n" in joined or "\n " in joined or joined.startswith(" ") or joined.endswith(" ")
    if joined.isascii() and not spaced and _OTHER_SPACE.search(joined) is None:
        keys = joined.lower().split("\n")
        if len(keys) == len(labels):  # no label held a line break
            return keys
    return [label_key(label) for label in labels]
