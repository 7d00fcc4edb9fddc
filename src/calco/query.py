"""SPARQL over the built exports with pyoxigraph (embedded; nothing leaves the machine).

The default graph is ``calco.ttl`` plus the relation graph ``calco-relations.ttl``, so both the
OWL form and the direct edges (``?d calco:caused_by ?c``) answer. Hardening (notes/security-hazards.md):
``SERVICE`` and ``LOAD`` are refused before the engine sees the query (pyoxigraph would follow them
over HTTP and cannot be told not to, S5); ``FROM``/``FROM NAMED`` load nothing in pyoxigraph (R3);
each query runs in a forked child that is killed at the time limit, because an in-process
pyoxigraph query cannot be interrupted (S3); results stop at a row limit.
"""

from __future__ import annotations

import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from calco.errors import CalcoError, UnusableInputError
from calco.export.manifest import verify_release
from calco.prefixes import PREFIX_MAP, compress

QUERY_FILES = ("calco.ttl", "calco-relations.ttl")
FORBIDDEN = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)
MAX_QUERY_CHARS = 100_000
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000

Binding = dict[str, str]


@dataclass(frozen=True)
class Answer:
    """A query's result in plain data: SELECT rows (SPARQL-JSON style bindings), ASK boolean, or triples."""

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[dict[str, Binding], ...] = ()
    boolean: bool = False
    turtle: bytes = b""
    truncated: bool = False


def open_store(exports: Path) -> ox.Store:
    """An in-memory store holding the exports CALCO answers queries over."""
    main = exports / QUERY_FILES[0]
    if not main.is_file():
        raise CalcoError(f"{main} not found; run `calco build` first")
    store = ox.Store()
    for data in verify_release(exports, QUERY_FILES).values():  # one whole release, never a half-swapped mix
        store.load(data, format=ox.RdfFormat.TURTLE)
    return store


def check_query(text: str) -> str:
    """Refuse queries that could reach the network or are absurdly long."""
    if len(text) > MAX_QUERY_CHARS:
        raise UnusableInputError(f"query is {len(text)} characters; the limit is {MAX_QUERY_CHARS}")
    match = FORBIDDEN.search(text)
    if match:
        raise UnusableInputError(f"{match.group(1).upper()} is not allowed: queries run offline over the CALCO exports only")
    return text


DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
POSITION = re.compile(r"^error at (\d+):(\d+): ")
PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[^\s]*")


def with_prefixes(text: str) -> str:
    """``text`` with CALCO's prefixes declared on one line in front, for servers that predeclare none.

    Prefixes the query declares itself are left to it. The added line is the first line, so an
    error position is one line down (:func:`readable_syntax_error` takes ``prelude=True``).
    """
    declared = {m.group(1) or "" for m in DECLARED.finditer(text)}
    missing = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIX_MAP.items() if name not in declared)
    return f"{missing}\n{text}" if missing else f"\n{text}"


def readable_syntax_error(text: str, message: str, *, prelude: bool = False) -> str:
    """The engine's parse error in one line: the position, an unknown prefix by name, no character ranges.

    ``text`` is the query as the engine saw it; with ``prelude``, its first line was added by
    :func:`with_prefixes` and positions are given for the caller's own text.
    """
    position = POSITION.match(message)
    line, column = (int(position.group(1)), int(position.group(2))) if position else (0, 0)
    lines = text.split("\n")
    where = f"line {line - 1 if prelude else line}, column {column}" if position else "the query"
    unknown = unknown_prefixes(text)
    if unknown or ("Prefix not found" in message and 0 < line <= len(lines)):
        if not unknown:
            names = PREFIXED_NAME.findall(lines[line - 1][: max(column, 0)])
            unknown = [names[-1] if names else ""]
        prefix = unknown[0]
        known = ", ".join(PREFIX_MAP)
        return f"not a valid SPARQL query: unknown prefix {prefix + ':'!r} (error at {where}); declare it with PREFIX {prefix}: <IRI>, or use a predeclared one ({known})"
    detail = message[position.end() :] if position else message
    detail = " ".join(detail.split(" expected one of ", 1)[0].split())
    if message[position.end() if position else 0 :].startswith("expected one of"):
        expected = " ".join(message.split("expected one of", 1)[1].split())
        detail = "unexpected text; expected one of " + (expected if len(expected) <= 80 else expected[:77] + "...")
    return f"not a valid SPARQL query at {where}: {detail}"


_IRIS_STRINGS_COMMENTS = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|#[^\n]*")
_PREFIX_USE = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w-]*(?:\.[\w-]+)*):")


def unknown_prefixes(text: str) -> list[str]:
    """Prefixes used in ``text`` (outside IRIs, strings and comments) that neither it nor CALCO declares."""
    declared = {m.group(1) or "" for m in DECLARED.finditer(text)} | set(PREFIX_MAP)
    bare = _IRIS_STRINGS_COMMENTS.sub(" ", text)
    used = [m.group(1) for m in _PREFIX_USE.finditer(bare)]
    return list(dict.fromkeys(p for p in used if p not in declared))


def check_syntax(text: str) -> None:
    """Parse ``text`` (with CALCO's prefixes) on an empty store; raise one readable line if it is not SPARQL."""
    try:
        ox.Store().query(with_prefixes(text))
    except SyntaxError as error:
        raise UnusableInputError(readable_syntax_error(with_prefixes(text), str(error), prelude=True)) from None


def run(store: ox.Store, text: str, substitutions: dict[str, str] | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a checked query in this process, with CALCO's prefixes predeclared and parameters bound as @en literals."""
    query = check_query(text)
    bound: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): ox.Literal(value, language="en") for name, value in (substitutions or {}).items()
    }
    try:
        return store.query(query, prefixes=dict(PREFIX_MAP), substitutions=bound or None)
    except SyntaxError as error:
        raise UnusableInputError(readable_syntax_error(query, str(error))) from None


def execute(
    exports: Path,
    text: str,
    substitutions: dict[str, str] | None = None,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Answer:
    """Run a query over the exports in a child process that is killed after ``timeout_s``."""
    check_query(text)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, exports, text, substitutions, max_rows), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise CalcoError(f"the query did not finish within {timeout_s:g} s and was stopped; narrow it or raise --timeout")
        status, payload = receiver.recv()
    except EOFError:
        raise CalcoError("the query process died without an answer (out of memory?)") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status == "unusable":
        raise UnusableInputError(payload)
    if status == "error":
        raise CalcoError(payload)
    return payload  # type: ignore[no-any-return]


def _child(sender: Any, exports: Path, text: str, substitutions: dict[str, str] | None, max_rows: int) -> None:
    try:
        result = run(open_store(exports), text, substitutions)
        sender.send(("ok", collect(result, max_rows)))
    except UnusableInputError as error:
        sender.send(("unusable", str(error)))
    except CalcoError as error:
        sender.send(("error", str(error)))
    except Exception as error:  # noqa: BLE001 - the engine's own errors, reported to the parent
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def collect(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, max_rows: int) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return Answer("graph", turtle=result.serialize(format=ox.RdfFormat.TURTLE) or b"")
    variables = tuple(v.value for v in result.variables)
    rows: list[dict[str, Binding]] = []
    truncated = False
    for solution in result:
        if len(rows) == max_rows:
            truncated = True
            break
        rows.append({v: _binding(solution[v]) for v in variables if solution[v] is not None})
    return Answer("select", variables, tuple(rows), truncated=truncated)


def _binding(term: Any) -> Binding:
    """A term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        binding = {"type": "literal", "value": term.value}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            binding["datatype"] = term.datatype.value
        return binding
    return {"type": "literal", "value": str(term)}


def cell(binding: Binding | None) -> str:
    """A binding as ``calco query`` prints it: CURIEs for IRIs, plain text for literals."""
    if binding is None:
        return ""
    if binding["type"] == "uri":
        return compress(binding["value"])
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    return binding["value"]
