"""Bind ``$this`` in an ``sh:sparql`` SELECT to the focus nodes, for the whole focus set at once where that is exact.

SHACL pre-binds ``$this`` to one focus node at a time (substitution). Running one query per focus
node is exact but costs a query per term; joining the query's top-level group with the set of
focus nodes gives the same solutions, in one query, when every use of ``$this`` sits in the
top-level group, an OPTIONAL or a FILTER (NOT) EXISTS, and the query has no sub-SELECT,
VALUES, MINUS, SERVICE, GROUP BY or ``AS ?this`` (the SHACL spec forbids most of those for
pre-bound variables anyway). Any other query is run per focus node with pyoxigraph's
``substitutions`` (RDF-dev SEP-0007, the substitution semantics SHACL's pre-binding describes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib.term import Node

_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_]+)")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.S)
_UNSAFE = {"SELECT", "VALUES", "MINUS", "SERVICE", "GROUP", "BIND"}


@dataclass
class _Scan:
    select_at: int = -1
    where_brace: int = -1
    projection_end: int = -1
    projects_this: bool = False
    projects_all: bool = False
    safe: bool = True


def _scan(query: str) -> _Scan:
    """One pass over the query: where SELECT and its group start, and whether the join is exact."""
    scan = _Scan()
    stack: list[str] = []
    previous_word = ""
    i = 0
    while i < len(query):
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = len(query) if end < 0 else end
            continue
        if c in "'\"":
            match = _STRING.match(query, i)
            i = match.end() if match else i + 1
            continue
        if c == "<":
            match = _IRI.match(query, i)
            if match:
                i = match.end()
                continue
        if c in "?$":
            match = _VARIABLE.match(query, i)
            if match:
                if match.group(1) == "this":
                    if scan.where_brace < 0:
                        scan.projects_this = True
                        if previous_word.upper() == "AS":
                            scan.safe = False
                    elif any(kind == "group" for kind in stack):
                        scan.safe = False
                i = match.end()
                previous_word = ""
                continue
        if c == "*" and scan.select_at >= 0 and scan.where_brace < 0:
            scan.projects_all = True
        if c == "{":
            if scan.where_brace < 0:
                scan.where_brace = i
                scan.projection_end = i
                stack.append("top")
            else:
                kind = {"OPTIONAL": "optional", "EXISTS": "exists"}.get(previous_word.upper(), "group")
                stack.append(kind)
            previous_word = ""
            i += 1
            continue
        if c == "}":
            if stack:
                stack.pop()
            i += 1
            previous_word = ""
            continue
        match = _WORD.match(query, i)
        if match and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_:")):
            word = match.group(0).upper()
            if word == "SELECT" and scan.select_at < 0:
                scan.select_at = match.end()
            elif word in _UNSAFE:
                scan.safe = False
            elif word == "WHERE" and scan.where_brace < 0:
                scan.projection_end = match.start()
            previous_word = match.group(0)
            i = match.end()
            continue
        if not c.isspace():
            previous_word = "" if c not in "()" else previous_word
        i += 1
    return scan


def prebind(select: str, focus_group: str, shape: Node | None = None) -> tuple[str, bool]:
    """The query with ``$this`` bound to every focus node of ``focus_group``, and whether it must run per focus instead."""
    from calco.validate.sparql_rules import UnsupportedShape, _name

    scan = _scan(select)
    if scan.select_at < 0 or scan.where_brace < 0:
        raise UnsupportedShape(f"shape {_name(shape)}: its sh:select is not a SELECT query with a WHERE group")
    for name in ("currentShape", "shapesGraph"):
        if re.search(rf"[?$]{name}\b", select):
            raise UnsupportedShape(f"shape {_name(shape)}: its sh:select uses ${name}, not supported by the SPARQL validator")
    if not scan.safe:
        return select, True
    query = select
    brace = scan.where_brace
    query = query[: brace + 1] + " " + focus_group + " " + query[brace + 1:]
    if not scan.projects_this and not scan.projects_all:
        head = re.match(r"\s*(DISTINCT|REDUCED)?", query[scan.select_at:], re.I)
        at = scan.select_at + (head.end() if head else 0)
        query = query[:at] + " ?this " + query[at:]
    return query, False
