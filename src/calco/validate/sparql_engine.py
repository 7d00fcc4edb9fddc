"""Run the shapes as SPARQL rules in Oxigraph and report SHACL validation results (``--validator sparql``).

The shapes are translated once (:mod:`calco.validate.sparql_rules`); each rule is one SELECT over
an in-memory pyoxigraph Store holding the data, so the cost is Oxigraph's query engine, not a
Python loop per focus node. The results are written as a SHACL results graph in the same shape
pySHACL writes (focus node, path, value, severity, source shape and constraint component,
message), and turned into findings by the same code as the SHACL engines' results
(:func:`calco.validate.shacl.report_from_results`), so every report reads the same.

Messages: a shape's ``sh:message`` is used as is, a SPARQL constraint's with ``{?var}`` / ``{$var}``
replaced by the solution's values (``str`` of the term, as pySHACL does); a constraint with no
message gets pySHACL's generic wording, with data nodes rendered by pySHACL's own
``stringify_node`` (a blank node as its Turtle-like description).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from calco.validate.ingest import to_rdflib
from calco.validate.shacl import Report, report_from_results
from calco.validate.sparql_rules import FOCUS, VALUE, Rule, translate

_THIS = ox.Variable("this")


Solution = tuple[Rule, Node, Node | None, Node | None, dict[str, Node]]


def run_sparql(data: Graph | Sequence[ox.Triple], shapes: Graph) -> Report:
    """Validate ``data`` (an rdflib Graph, or the release's pyoxigraph triples) against ``shapes`` with Oxigraph.

    Given triples, no rdflib graph of the data is made: when the data conforms nothing needs
    one, and a finding needs only its own nodes (their labels, the class a restriction belongs
    to, a blank node's structure), copied from the store into a small graph.
    """
    from calco.export.oxigraph import as_triples

    store = data_store(as_triples(data))
    solutions = _all_solutions(store, translate(shapes))
    context = data if isinstance(data, Graph) else finding_context(store, solutions)
    return report_from_results(context, shapes, results_graph(solutions, context, shapes))


def data_store(triples: Sequence[ox.Triple]) -> ox.Store:
    """An in-memory Store of ``triples``, loaded in bulk (no transaction: nothing else reads it meanwhile)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(s, p, o) for s, p, o in triples)
    return store


def finding_context(store: ox.Store, solutions: Sequence[Solution]) -> Graph:
    """The part of the data the findings' messages read, as an rdflib graph with the release's prefixes.

    For each focus node and value: its labels; a blank node's whole structure (its triples and
    the blank nodes they reach, which pySHACL writes out) and the subjects that subclass it (the
    term a restriction belongs to, which a finding names).
    """
    from calco.assemble import release_graph
    from calco.export.oxigraph import from_rdflib

    graph = release_graph()
    label, subclass = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(RDFS.subClassOf))
    pending: list[ox.NamedNode | ox.BlankNode] = []
    for _rule, focus, _path, value, _bindings in solutions:
        for node in (focus, value):
            if isinstance(node, (URIRef, BNode)):
                pending.append(from_rdflib(node))  # type: ignore[arg-type]
    seen: set[ox.NamedNode | ox.BlankNode] = set()

    def add(quad: ox.Quad) -> None:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))

    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, ox.BlankNode):
            for quad in store.quads_for_pattern(current, None, None):
                add(quad)
                if isinstance(quad.object, ox.BlankNode):
                    pending.append(quad.object)
            for quad in store.quads_for_pattern(None, subclass, current):
                add(quad)
                if isinstance(quad.subject, ox.NamedNode):
                    pending.append(quad.subject)
        else:
            for quad in store.quads_for_pattern(current, label, None):
                add(quad)
    return graph


def _all_solutions(store: ox.Store, rules: Iterable[Rule]) -> list[Solution]:
    """Every rule's distinct solutions, in rule order."""
    out: list[Solution] = []
    for rule in rules:
        if not rule.query:
            continue
        seen: set[tuple[Node | None, ...]] = set()
        for focus, path, value, bindings in _solutions(store, rule):
            key = (focus, path, value, *sorted(bindings.items()))
            if key in seen:
                continue
            seen.add(key)  # type: ignore[arg-type]
            out.append((rule, focus, path, value, bindings))
    return out


def results_graph(solutions: Iterable[Solution], data: Graph, shapes: Graph) -> Graph:
    """The rules' solutions as one SHACL ValidationReport graph (``data``: where blank nodes are described from)."""
    from pyshacl.rdfutil import stringify_node

    results = Graph()
    results.bind("sh", SH)
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    conforms = True

    def render(node: Node) -> str:
        return str(stringify_node(data, node))

    for rule, focus, path, value, bindings in solutions:
        result = BNode()
        results.add((report, SH.result, result))
        results.add((result, RDF.type, SH.ValidationResult))
        results.add((result, SH.focusNode, focus))
        _copy(data, focus, results)  # a blank focus or value is written out, as pySHACL does
        results.add((result, SH.resultSeverity, rule.severity))
        results.add((result, SH.sourceShape, rule.shape))
        results.add((result, SH.sourceConstraintComponent, rule.component))
        if rule.constraint is not None:
            results.add((result, SH.sourceConstraint, rule.constraint))
        if value is not None:
            results.add((result, SH.value, value))
            _copy(data, value, results)
        result_path = path if path is not None else rule.path
        if result_path is not None:
            _copy(shapes, result_path, results)
            results.add((result, SH.resultPath, result_path))
        for message in _messages(rule, focus, value, bindings if rule.constraint is not None else None, path, render):
            results.add((result, SH.resultMessage, message))
        if rule.severity == SH.Violation:
            conforms = False
    results.add((report, SH.conforms, Literal(conforms)))
    return results


def _solutions(store: ox.Store, rule: Rule) -> Iterator[tuple[Node, Node | None, Node | None, dict[str, Node]]]:
    """(focus, ?path, value, other bindings) for each solution of ``rule``."""
    if rule.constraint is None:
        for solution in store.query(rule.query):  # type: ignore[union-attr]
            focus = to_rdflib(solution[_THIS])
            value = to_rdflib(solution["value"]) if rule.value == "value" else focus if rule.value == "focus" else None
            yield focus, None, value, {}
        return
    if rule.per_focus:
        focus_nodes = [solution[_THIS] for solution in store.query(rule.focus_query)]  # type: ignore[union-attr]
        batches: Iterable[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, object]] = (
            (node, store.query(rule.query, substitutions={_THIS: node})) for node in focus_nodes
        )
    else:
        batches = [(None, store.query(rule.query))]
    for bound_focus, solutions in batches:
        names = [v.value for v in solutions.variables]  # type: ignore[attr-defined]
        failed: set[Node] = set()
        for solution in solutions:  # type: ignore[attr-defined]
            bindings = {name: to_rdflib(solution[name]) for name in names if solution[name] is not None}
            this = bindings.pop("this", None)
            focus = this if this is not None else to_rdflib(bound_focus) if bound_focus is not None else None  # type: ignore[assignment]
            if focus is None:
                continue
            default_value = focus if rule.value == "focus" else None
            if bindings.pop("failure", None) is not None:
                if focus in failed:
                    continue
                failed.add(focus)
                yield focus, None, default_value, {**bindings, "this": focus}
                continue
            path = bindings.pop("path", None)
            value = bindings.pop("value", None)
            value = value if value is not None else default_value
            yield focus, path, value, bindings  # type: ignore[misc]


def _messages(rule: Rule, focus: Node, value: Node | None, bindings: dict[str, Node] | None, path: Node | None, render) -> list[Literal]:  # type: ignore[no-untyped-def]
    """The result's messages, chosen and filled in as pySHACL's ``make_v_result`` does."""
    fill: Callable[[str], str] | None = None
    if bindings is not None:
        values = dict(bindings)
        values.setdefault("this", focus)
        if path is not None:
            values["path"] = path
        if value is not None:
            values["value"] = value

        def substitute(text: str) -> str:
            for name, term in values.items():
                text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _match, term=term: str(term), text)  # type: ignore[misc]
            return text

        fill = substitute

    shape_messages = list(rule.messages)
    out: list[Literal] = []
    if rule.extra_messages:
        for message in rule.extra_messages:
            if message not in shape_messages:
                out.append(Literal(fill(str(message))) if fill else message)
    elif not shape_messages:
        parts = [render(focus) if part == FOCUS else render(value) if part == VALUE and value is not None else part for part in rule.generic]
        return [Literal("".join(parts))] if parts else []
    for message in shape_messages:
        out.append(Literal(fill(str(message))) if fill else message)
    return out


def _copy(source: Graph, node: Node, target: Graph) -> None:
    """Copy a blank-node structure (a complex result path, a blank focus node) into the results graph."""
    if not isinstance(node, BNode):
        return
    stack, seen = [node], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                stack.append(o)

