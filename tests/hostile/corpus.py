"""The hostile-input corpus: cells an adversary (or a careless paste) puts into the source tables.

Each :class:`Hostile` names the cell it writes and the ``file:line: column ...`` message the
build must answer with. ``tests/test_hostile_input.py`` runs every case through the real
``calco build`` and checks the exports stay byte-identical. Values are written byte for byte
(no ``str.splitlines`` round trip, which would itself split on U+2028 or ``\\x0b``).
Issue 19 lists the cases found in an adversarial review; the rest are their relatives.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    """One hostile cell: where it goes, what it holds, what the refusal must say."""

    id: str
    table: str
    line: int
    column: str
    value: str
    expected: str


def _char(name: str, char: str, column: str = "definition") -> Hostile:
    return Hostile(
        id=name,
        table="terms.tsv",
        line=3,
        column=column,
        value=f"A calcinosis{char} of the skin.",
        expected=f"terms.tsv:3: column {column}: contains U+{ord(char):04X}",
    )


CONTROL = [
    _char("nul", "\x00"),
    _char("esc", "\x1b"),
    _char("soh", "\x01"),
    _char("backspace", "\x08"),
    _char("vertical-tab", "\x0b"),
    _char("form-feed", "\x0c"),
    _char("file-separator", "\x1c"),
    _char("lone-cr", "\r"),
    _char("del", "\x7f"),
    _char("next-line-c1", "\x85"),
    _char("line-separator", "\u2028"),
    _char("paragraph-separator", "\u2029"),
]

INVISIBLE = [
    _char("zero-width-space", "\u200b", "label"),
    _char("zero-width-non-joiner", "\u200c", "label"),
    _char("zero-width-joiner", "\u200d", "label"),
    _char("word-joiner", "\u2060", "label"),
    _char("bom-inside-cell", "\ufeff", "label"),
    _char("soft-hyphen", "\u00ad", "label"),
    _char("bidi-right-to-left-override", "\u202e"),
    _char("bidi-left-to-right-embedding", "\u202a"),
    _char("bidi-first-strong-isolate", "\u2068"),
    _char("right-to-left-mark", "\u200f"),
    _char("no-break-space", "\u00a0", "label"),
    _char("ideographic-space", "\u3000", "label"),
    _char("private-use", "\ue000"),
    _char("unassigned", "\U000e0080"),
]

MALFORMED = [
    Hostile("cell-over-128-kib", "terms.tsv", 3, "definition", "A calcinosis " + "x" * (140 * 1024), "terms.tsv:3: column definition: holds 143373 characters, over the limit of 131072"),
    Hostile("not-nfc", "terms.tsv", 3, "label", "calcinosis cutis e\u0301", "terms.tsv:3: column label: is not in Unicode NFC"),
    Hostile("curie-iri-breakers", "terms.tsv", 3, "parents", 'CALCO:0000001>"{}', "terms.tsv:3: column parents: 'CALCO:0000001>\"{}' is not a CALCO ID"),
    Hostile("curie-local-quote", "terms.tsv", 3, "parents", 'MONDO:0002123>"{}', "terms.tsv:3: column parents: 'MONDO:0002123>\"{}' has \" > { } in its local part"),
    Hostile("curie-local-space", "relations.tsv", 2, "object", "HP:0000 716", "relations.tsv:2: column object: 'HP:0000 716' is a malformed CURIE"),
    Hostile("curie-local-angle", "relations.tsv", 2, "object", "HP:0000716<", "relations.tsv:2: column object: 'HP:0000716<' has < in its local part"),
    Hostile("import-id-brace", "imports.tsv", 2, "id", "HP:{0000716}", "imports.tsv:2: column id: 'HP:{0000716}' has { } in its local part"),
    Hostile("mapping-object-quote", "mappings.tsv", 2, "object_id", 'MONDO:0005"', "mappings.tsv:2: column object_id: 'MONDO:0005\"' has \" in its local part"),
    Hostile("reference-brace", "relations.tsv", 2, "source", "PMID:12{3}", "relations.tsv:2: column source: 'PMID:12{3}' holds { }"),
    Hostile("reference-bang", "terms.tsv", 2, "definition_source", "PMID:123!", "terms.tsv:2: column definition_source: 'PMID:123!' holds !"),
    Hostile("trailing-backslash", "terms.tsv", 3, "comment", "Ends in a backslash \\", "terms.tsv:3: column comment: ends with a backslash"),
]

#: Every case the build must refuse.
REFUSED = [*CONTROL, *INVISIBLE, *MALFORMED]

#: A label OBO gives special meaning to, for a term other terms name in is_a trailing comments.
OBO_SPECIAL_LABEL = "calcinosis {x} cutis! a\\b"

#: Text that OBO gives special meaning, written into calco.obo escaped and read back unchanged.
OBO_SPECIAL = {
    "comment": 'Deposits {often} grow! See a\\b, (x) [y] "z" a: b; 50% ! end {trailing=qualifier}',
    # Genus first (the style rule): the parent's special label, then OBO's other special characters.
    "definition": 'A ' + OBO_SPECIAL_LABEL + ' "quoted" with {braces} and a ! bang, a \\ backslash and [brackets].',
    "exact_synonyms": 'calcinosis {x}|calcinosis "y" !z',
}
