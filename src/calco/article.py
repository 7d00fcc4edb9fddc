"""How CALCO cites its source article: ``article:<section>/<sentence>``, and how anyone checks a citation.

The article is not part of the project (CALCO quotes none of it). What the project keeps instead is
its *fingerprint*: one SHA-256 per sentence, in article order (``ontology/article-fingerprint.tsv``).
Every locator resolves through that table to the fingerprint of the exact sentence it names, so

- the build checks every locator against the recorded structure (section known, sentence in range)
  even where the article is absent, and
- whoever holds a copy of the article checks that each recorded fingerprint is the hash of the
  sentence its locator names in that copy (a changed or renumbered article fails).

Sentence counting and the normalisation that is hashed are defined in ``ontology/README.md``
(section *Evidence*) and implemented by :func:`split_sections` and :func:`normalise`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from calco.errors import CalcoError

#: Section key -> the heading exactly as it stands in the article.
SECTIONS: dict[str, str] = {
    "summary": "Calcinosis Cutis: Causes, Symptoms & Treatment",
    "what-is": "What is calcinosis cutis?",
    "causes": "Causes",
    "symptoms": "Symptoms, complaints, and signs",
    "diagnosis": "Diagnosis",
    "complications": "Complications",
    "see-a-doctor": "When should you see a doctor?",
    "treatment": "Treatment and therapy",
    "outlook": "Outlook and prognosis",
    "prevention": "Prevention",
    "aftercare": "Aftercare",
    "self-help": "This is what you can do yourself",
}

LOCATOR = re.compile(r"^article:(?P<section>[a-z-]+)/(?P<sentence>[1-9][0-9]*)$")

#: Prefix of a fingerprint value: the algorithm, so a later change of algorithm is visible.
FINGERPRINT_PREFIX = "sha256:"

#: Columns of the recorded fingerprint table.
FINGERPRINT_COLUMNS = ("locator", "fingerprint")

_SENTENCE_END = re.compile(r"(?<=[.?!])(?:\s+|(?=[A-Z]))")
_FINGERPRINT = re.compile(r"^sha256:[0-9a-f]{64}$")


def check_locator(reference: str) -> str | None:
    """Return why an ``article:`` reference is malformed, or ``None`` if it is well formed."""
    match = LOCATOR.match(reference)
    if match is None:
        return f"{reference!r} is not an article locator; write article:<section>/<sentence>, e.g. article:causes/2"
    if match["section"] not in SECTIONS:
        known = ", ".join(SECTIONS)
        return f"{reference!r} names an unknown article section {match['section']!r}; known: {known}"
    return None


def split_sections(text: str) -> dict[str, list[str]]:
    """Split the article into its sections' sentences, numbered from 1 as ``ontology/README.md`` defines.

    Each line is a paragraph or a bullet item; a bullet item is one sentence; otherwise a sentence
    ends at ``.``, ``?`` or ``!`` followed by white space, a capital letter, or the end of the line.
    """
    headings = {heading: key for key, heading in SECTIONS.items()}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line in headings:
            current = sections.setdefault(headings[line], [])
            continue
        if current is None:
            continue
        if line.startswith("•"):
            current.append(line.lstrip("• ").strip())
            continue
        current.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return sections


def normalise(sentence: str) -> str:
    """The form of a sentence that is hashed: Unicode NFC, every run of white space one space, trimmed.

    Nothing else changes (case, punctuation, typographic quotes and the article's own typos stay),
    so the fingerprint names the exact sentence while ignoring line endings and re-wrapping.
    """
    return " ".join(unicodedata.normalize("NFC", sentence).split())


def fingerprint(sentence: str) -> str:
    """``sha256:`` and the hex SHA-256 of the UTF-8 bytes of the normalised sentence."""
    return FINGERPRINT_PREFIX + hashlib.sha256(normalise(sentence).encode("utf-8")).hexdigest()


def locator(section: str, number: int) -> str:
    """The locator of sentence ``number`` of ``section``."""
    return f"article:{section}/{number}"


@dataclass(frozen=True)
class RecordedSentence:
    """One row of the fingerprint table: a sentence's locator, its fingerprint, and the row's line."""

    locator: str
    fingerprint: str
    line: int


@dataclass(frozen=True)
class ArticleRecord:
    """The article's recorded structure: every sentence's fingerprint, by locator, in article order."""

    path: Path
    sentences: tuple[RecordedSentence, ...]
    _index: dict[str, RecordedSentence] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {s.locator: s for s in self.sentences})

    def get(self, reference: str) -> RecordedSentence | None:
        """The recorded sentence a locator names, or ``None`` if the article has no such sentence."""
        return self._index.get(reference)

    def counts(self) -> dict[str, int]:
        """Sentences per section, as recorded."""
        result: dict[str, int] = {}
        for recorded in self.sentences:
            match = LOCATOR.match(recorded.locator)
            if match:
                result[match["section"]] = max(result.get(match["section"], 0), int(match["sentence"]))
        return result


def record_article(text: str) -> list[tuple[str, str]]:
    """``(locator, fingerprint)`` for every sentence of the article, in article order."""
    return [
        (locator(section, number), fingerprint(sentence))
        for section, sentences in split_sections(text).items()
        for number, sentence in enumerate(sentences, start=1)
    ]


def render_record(text: str) -> str:
    """The fingerprint table for an article text (what ``ontology/article-fingerprint.tsv`` holds)."""
    rows = ["\t".join(FINGERPRINT_COLUMNS)] + [f"{ref}\t{digest}" for ref, digest in record_article(text)]
    return "\n".join(rows) + "\n"


def parse_record(path: Path) -> tuple[ArticleRecord, list[tuple[int, str]]]:
    """Read the fingerprint table; return it and ``(line, problem)`` for each malformed row.

    The table is checked as strictly as the curated tables: exact header, one well-formed locator
    and fingerprint per row, sentences numbered 1, 2, 3 ... within each section.
    """
    problems: list[tuple[int, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != FINGERPRINT_COLUMNS:
        return ArticleRecord(path, ()), [(1, f"the header must be {' TAB '.join(FINGERPRINT_COLUMNS)}")]
    sentences: list[RecordedSentence] = []
    expected: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 2:
            problems.append((number, f"has {len(cells)} cells; a row is a locator and a fingerprint"))
            continue
        reference, digest = cells
        why = check_locator(reference)
        if why:
            problems.append((number, why))
            continue
        if not _FINGERPRINT.match(digest):
            problems.append((number, f"{digest!r} is not a fingerprint (sha256: and 64 lowercase hex digits)"))
            continue
        match = LOCATOR.match(reference)
        assert match is not None
        section, sentence = match["section"], int(match["sentence"])
        if sentence != expected.get(section, 0) + 1:
            problems.append((number, f"{reference} is out of order; sentences of {section} are numbered 1, 2, 3 ... without gaps"))
            continue
        expected[section] = sentence
        sentences.append(RecordedSentence(reference, digest, number))
    return ArticleRecord(path, tuple(sentences)), problems


def compare_with_article(record: ArticleRecord, text: str) -> list[tuple[int, str]]:
    """``(line of the fingerprint table, problem)`` wherever the article text differs from the record.

    A sentence that changed, moved or vanished is reported on the row that recorded it; sentences
    the record lacks (the article grew) are reported on the last row.
    """
    actual = dict(record_article(text))
    problems = []
    for recorded in record.sentences:
        found = actual.get(recorded.locator)
        if found is None:
            problems.append((recorded.line, f"{recorded.locator} is not in the article (its section is missing or shorter)"))
        elif found != recorded.fingerprint:
            problems.append((recorded.line, f"the article's sentence {recorded.locator} no longer has the recorded fingerprint (it was edited, or sentences were renumbered)"))
    known = {s.locator for s in record.sentences}
    extra = [ref for ref in actual if ref not in known]
    if extra:
        last = record.sentences[-1].line if record.sentences else 1
        problems.append((last, f"the article has {len(extra)} sentence(s) the record lacks, from {extra[0]}"))
    return problems


def sentence_at(text: str, reference: str) -> str | None:
    """The sentence a locator names in an article text (``None`` if there is none)."""
    match = LOCATOR.match(reference)
    if match is None:
        return None
    sentences = split_sections(text).get(match["section"], [])
    index = int(match["sentence"]) - 1
    return sentences[index] if index < len(sentences) else None


#: How many consecutive words count as copying the article (the own-words rule).
SHINGLE_WORDS = 8
#: Columns of the recorded wording table.
WORDING_COLUMNS = ("shingle",)
_WORD = re.compile(r"[a-z0-9']+")
_SHINGLE = re.compile(r"^[0-9a-f]{16}$")


def words(text: str) -> list[str]:
    """The words of a text for the own-words check: lowercase letters, digits and apostrophes."""
    return _WORD.findall(normalise(text).lower())


def shingles(text: str) -> set[str]:
    """A 64-bit hash (16 hex digits of SHA-256) of every run of :data:`SHINGLE_WORDS` consecutive words.

    The article's shingles are recorded (sorted, so they give away no order), which lets the build
    refuse copied wording where the article itself is absent.
    """
    found = words(text)
    runs = (" ".join(found[i : i + SHINGLE_WORDS]) for i in range(len(found) - SHINGLE_WORDS + 1))
    return {hashlib.sha256(run.encode("utf-8")).hexdigest()[:16] for run in runs}


def render_wording(text: str) -> str:
    """The wording table for an article text (what ``ontology/article-wording.tsv`` holds)."""
    return "\n".join([*WORDING_COLUMNS, *sorted(shingles(text))]) + "\n"


def parse_wording(path: Path) -> tuple[frozenset[str], list[tuple[int, str]]]:
    """Read the wording table; return its shingles and ``(line, problem)`` for each malformed row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != WORDING_COLUMNS:
        return frozenset(), [(1, f"the header must be {WORDING_COLUMNS[0]}")]
    problems = [(n, f"{value!r} is not a shingle hash (16 lowercase hex digits)") for n, value in enumerate(lines[1:], start=2) if not _SHINGLE.match(value)]
    return frozenset(lines[1:]), problems


def read_article(path: Path) -> str:
    """The text of a reader's copy of the article, or a one-line error saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CalcoError(f"cannot read the article {path}: {error}") from None
