"""How CALCO cites its source article: ``article:<section>/<sentence>``.

The build never reads the article; it only checks that a locator is well formed and names a
known section. The tests resolve every locator against the article text itself.
Sentence counting is defined in ``ontology/README.md`` and implemented by :func:`split_sections`.
"""

from __future__ import annotations

import re

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

_SENTENCE_END = re.compile(r"(?<=[.?!])(?:\s+|(?=[A-Z]))")


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
