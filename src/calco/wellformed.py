"""Is a file well-formed in its own syntax (XML, JSON, OBO, TSV)? One checker per syntax.

Parsing as RDF is not enough: pyoxigraph's RDF/XML reader accepts control characters that XML 1.0
forbids, so a ``calco.owl`` that owlready2, Protege and every XML parser refuse would pass it.
Each function returns why the bytes are not well-formed (with line and column where the syntax
has them), or ``None``. Both the export gate (``calco.export.strict``, before any file is written)
and ``calco validate`` (``calco.validate.ingest``, on untrusted files) use them.
"""

from __future__ import annotations

import json
import re
import xml.parsers.expat

#: Control characters (categories Cc, Zl, Zp) other than the tab separator.
_TSV_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def xml_problem(data: bytes) -> str | None:
    """Why ``data`` is not well-formed XML 1.0, or ``None``. DTDs are refused, never processed."""

    def refuse_dtd(*_: object) -> None:
        raise ValueError("a DOCTYPE declaration (entities are never expanded)")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse_dtd
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        return f"line {error.lineno}: column {error.offset + 1}: not well-formed XML: {xml.parsers.expat.ErrorString(error.code)}"
    except ValueError as error:
        return f"line {parser.CurrentLineNumber}: not accepted XML: {error}"
    return None


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise ValueError(f"the key {key!r} appears twice in one object (readers disagree on which one counts)")
        seen.add(key)
    return dict(pairs)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def load_json_strictly(data: bytes) -> object:
    """Parse JSON as RFC 8259 and every reader agree on it: UTF-8, no duplicate keys, no NaN/Infinity.

    Raises ``ValueError`` (``json.JSONDecodeError`` carries line and column) or ``RecursionError``.
    """
    return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)


def json_problem(data: bytes) -> str | None:
    """Why ``data`` is not strict JSON, or ``None``."""
    try:
        load_json_strictly(data)
    except json.JSONDecodeError as error:
        return f"line {error.lineno}: column {error.colno}: not valid JSON: {error.msg}"
    except RecursionError:
        return "JSON nested too deeply"
    except ValueError as error:  # UnicodeDecodeError included
        return f"not valid JSON: {error}"
    return None


def obo_problem(data: bytes) -> str | None:
    """Why ``data`` is not OBO 1.4 that fastobo reads, or ``None``."""
    import fastobo

    try:
        fastobo.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return f"not UTF-8: {error.reason}"
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None)
        return f"{f'line {line}: ' if line else ''}not valid OBO 1.4 (fastobo): {error}"
    return None


def tsv_problem(data: bytes) -> str | None:
    """Why ``data`` is not a clean TSV table, or ``None``.

    UTF-8; lines split on ``\\n`` only; ``#`` lines (SSSOM's YAML metadata block) skipped; every row
    with the header's number of cells; no control character but the tab separator.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8: {error.reason}"
    width = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line.startswith("#"):
            continue
        bad = _TSV_CONTROL.search(line)
        if bad is not None:
            return f"line {number}: holds the control character U+{ord(bad[0]):04X}"
        cells = line.count("\t") + 1
        if width is None:
            width = cells
        elif cells != width:
            return f"line {number}: has {cells} cells but the header has {width}"
    return None
