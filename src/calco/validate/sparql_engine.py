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
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from calco.validate.ingest import to_rdflib
from calco.validate.shacl import Report, report_from_results
from calco.validate.sparql_rules import FOCUS, VALUE, Rule, translate

_THIS = ox.Variable("this")


def run_sparql(data: Graph, shapes: Graph, triples: Sequence[ox.Triple] | None = None) -> Report:
    """Validate ``data`` against ``shapes`` with Oxigraph; ``triples`` reuses an existing conversion of ``data``."""
    if triples is None:
        from calco.export.oxigraph import to_oxigraph_triples

        triples = to_oxigraph_triples(data)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return report_from_results(data, shapes, results_graph(store, translate(shapes), data, shapes))


def results_graph(store: ox.Store, rules: Iterable[Rule], data: Graph, shapes: Graph) -> Graph:
    """Every rule's solutions as one SHACL ValidationReport graph."""
    from pyshacl.rdfutil import stringify_node

    results = Graph()
    results.bind("sh", SH)
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    conforms = True

    def render(node: Node) -> str:
        return str(stringify_node(data, node))

    for rule in rules:
        if not rule.query:
            continue
        seen: set[tuple[Node | None, ...]] = set()
        for focus, path, value, bindings in _solutions(store, rule):
            key = (focus, path, value, *sorted(bindings.items()))
            if key in seen:
                continue
            seen.add(key)  # type: ignore[arg-type]
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

