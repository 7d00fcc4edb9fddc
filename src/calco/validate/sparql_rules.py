"""Translate SHACL shapes into SPARQL SELECT rules, so Oxigraph can check them the way ``robot report`` runs its queries.

The translation is generic: it reads whatever the shapes files say (CALCO's curators and other
issues add and retarget shapes), never a hand-written query per shape. It covers the SHACL-core
subset CALCO uses, plus a few neighbours that cost nothing to support:

- targets: ``sh:targetClass`` (through ``rdfs:subClassOf*``, as SHACL defines class instances),
  ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, implicit class targets;
- paths: IRIs, sequences, ``sh:inversePath``, ``sh:alternativePath``, ``sh:zeroOrMorePath``,
  ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``;
- value constraints: ``sh:nodeKind``, ``sh:pattern`` (+ ``sh:flags``), ``sh:minLength``,
  ``sh:maxLength``, ``sh:languageIn``, ``sh:datatype``, ``sh:in``, ``sh:hasValue``, ``sh:class``,
  ``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``;
- counts: ``sh:minCount``, ``sh:maxCount``, ``sh:qualifiedValueShape`` with
  ``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``;
- ``sh:property`` (nested results are reported with the value node as focus, as SHACL says);
- ``sh:sparql`` SELECT constraints with ``sh:prefixes`` / ``sh:declare``, ``$this``, ``$PATH``,
  ``?value``, ``?path``, ``?failure`` and ``{?var}`` message templates;
- ``sh:severity``, ``sh:message``, ``sh:deactivated``.

Anything else in the SHACL namespace raises :class:`UnsupportedShape` naming the shape and the
term, rather than being skipped: a rule the validator cannot run must not pass silently.

Each rule's SELECT returns ``?this`` (the focus node) and, for value-level constraints, ``?value``.
A rule carries everything a SHACL validation result needs besides those two: source shape,
constraint component, severity, result path, and the message (the shape's ``sh:message``, or
pySHACL's generic wording, so findings read the same under every validator).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from calco.errors import CalcoError

#: How many distinct values a count check may compare pairwise (``sh:minCount 9`` would need 36 filters).
MAX_COUNT = 8


class UnsupportedShape(CalcoError):
    """A shape uses a SHACL feature the SPARQL validator does not translate."""


def _integer(value: Node) -> int:
    """A count or length a shape gives (``sh:minCount 1``), as the number the query is written with."""
    if not isinstance(value, Literal):
        raise UnsupportedShape(f"{value!r} is not an integer literal, as a count or length must be")
    return int(value.toPython())


@dataclass(frozen=True)
class Rule:
    """One SPARQL SELECT whose solutions are validation results of one constraint of one shape."""

    query: str
    shape: Node
    component: URIRef
    severity: URIRef
    path: Node | None
    messages: tuple[Literal, ...]
    #: Generic message parts, pySHACL's wording, used when the shape has no ``sh:message``:
    #: a tuple of strings and the markers ``FOCUS`` / ``VALUE`` where a data node is rendered.
    generic: tuple[str, ...] = ()
    #: ``value``: the SELECT binds ?value; ``focus``: the value is the focus node; ``none``: no sh:value.
    value: str = "value"
    #: For SPARQL constraints: the sh:sparql node, and whether ?this must be substituted per focus.
    constraint: Node | None = None
    per_focus: bool = False
    focus_query: str = ""
    extra_messages: tuple[Literal, ...] = field(default=())


FOCUS = "\0focus"
VALUE = "\0value"

# Parameters that describe a shape rather than constrain it (or are read together with another one).
_DESCRIPTIVE = {
    RDF.type, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    SH.deactivated, SH.path, SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
}
_VALUE_PARAMS = {
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
}
_COUNT_PARAMS = {SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Datatypes whose lexical form pySHACL checks (through rdflib's value parsing); others match by datatype IRI alone.
_CHECKED_DATATYPES = (XSD.integer, XSD.float, XSD.decimal, XSD.boolean, XSD.date, XSD.time, XSD.dateTime)


#: A path step that is never asserted: ``x (<this>)? v`` binds v to x (a zero-length path).
_IDENTITY = "(<urn:x-calco:zero-length-path>)?"
#: How many alternatives a path may expand to inside EXISTS before the plain path is used.
MAX_ALTERNATIVES = 16


@dataclass(frozen=True)
class _Path:
    """A SHACL path as a SPARQL property path, plus its expansion into step sequences without optional steps.

    Inside EXISTS, Oxigraph 0.5 does not evaluate a path step from the node the previous step
    reached: ``owl:someValuesFrom/(owl:unionOf/rdf:rest*/rdf:first)?`` cost 12 s per shape at
    1,000 terms (the optional part ran over the whole graph for every row), and
    ``IAO:0000115/^owl:annotatedTarget`` grew quadratically (70 s at 10,000 terms). Written as a
    UNION of its step sequences, each step after the first inside a LATERAL (Oxigraph's
    SEP-0006 extension: evaluated once per binding of the previous step), each rule takes
    milliseconds. The value nodes are the same.
    """

    text: str
    alternatives: tuple[tuple[str, ...], ...]

    def __str__(self) -> str:
        return self.text

    def within(self, x: str, v: str, fresh: Callable[[], str]) -> str:
        """A group pattern binding ``v`` to each value of the path from ``x`` (``x`` bound outside)."""
        branches = [self._steps(x, v, steps, fresh) for steps in self.alternatives]
        if len(branches) == 1:
            return branches[0]
        return " UNION ".join(f"{{ {branch} }}" for branch in branches)

    @staticmethod
    def _steps(x: str, v: str, steps: tuple[str, ...], fresh: Callable[[], str]) -> str:
        if not steps:
            return f"{x} {_IDENTITY} {v} ."
        if len(steps) == 1:
            return f"{x} {steps[0]} {v} ."
        middle = fresh()
        return f"{x} {steps[0]} {middle} . LATERAL {{ {_Path._steps(middle, v, steps[1:], fresh)} }}"


def translate(shapes: Graph) -> list[Rule]:
    """Every rule of every targeted shape in ``shapes``, in a fixed order."""
    return _Translator(shapes).rules()


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def sparql_term(node: Node, shape: Node | None = None) -> str:
    """An IRI or literal of the shapes graph in SPARQL syntax (blank-node values cannot be matched)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = sparql_string(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^<{node.datatype}>"
        return text
    raise UnsupportedShape(f"shape {_name(shape)} compares with a blank node ({node}), not supported by the SPARQL validator")


def _name(shape: Node | None) -> str:
    return f"<{shape}>" if isinstance(shape, URIRef) else f"_:{shape} (a blank node shape)" if shape is not None else "?"


class _Translator:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = count(1)
        from pyshacl.rdfutil import (
            stringify_node,  # pySHACL's wording for generic messages
        )

        self._stringify = stringify_node

    # -- helpers -------------------------------------------------------------------------
    def var(self) -> str:
        return f"?v{next(self.counter)}"

    def shape_text(self, node: Node) -> str:
        """A shapes-graph node as pySHACL renders it in generic messages."""
        return str(self._stringify(self.g, node))

    def items(self, shape: Node, param: URIRef, node: Node) -> list[Node]:
        if node == RDF.nil:
            return []
        if not isinstance(node, BNode) or self.g.value(node, RDF.first) is None:
            raise UnsupportedShape(f"shape {_name(shape)} uses {param.n3(self.g.namespace_manager)} with a value that is not an RDF list")
        return list(self.g.items(node))

    def one(self, shape: Node, param: URIRef) -> Node | None:
        values = list(self.g.objects(shape, param))
        if len(values) > 1:
            raise UnsupportedShape(f"shape {_name(shape)} has {len(values)} values of {param.n3(self.g.namespace_manager)}; SHACL allows one")
        return values[0] if values else None

    def deactivated(self, shape: Node) -> bool:
        return self.g.value(shape, SH.deactivated) == Literal(True)

    def path(self, shape: Node, node: Node) -> _Path:
        """A SHACL property path, as text and as step sequences."""
        alternatives = tuple(dict.fromkeys(self.alternatives(shape, node)))
        if len(alternatives) > MAX_ALTERNATIVES:
            alternatives = ((self.path_text(shape, node),),)
        return _Path(self.path_text(shape, node), alternatives)

    def alternatives(self, shape: Node, node: Node) -> list[tuple[str, ...]]:
        """The path as step sequences with no zero-or-one / zero-or-more step (``()``: the zero-length path)."""
        g = self.g
        if isinstance(node, BNode):
            if g.value(node, RDF.first) is not None:
                combined: list[tuple[str, ...]] = [()]
                for step in g.items(node):
                    combined = [a + b for a in combined for b in self.alternatives(shape, step)]
                    if len(combined) > MAX_ALTERNATIVES:
                        return [(self.path_text(shape, node),)] * (MAX_ALTERNATIVES + 1)
                return combined
            inner = g.value(node, SH.zeroOrOnePath)
            if inner is not None:
                return [(), *self.alternatives(shape, inner)]
            inner = g.value(node, SH.zeroOrMorePath)
            if inner is not None:
                return [(), (f"({self.path_text(shape, inner)})+",)]
            alternatives = g.value(node, SH.alternativePath)
            if alternatives is not None:
                return [alt for step in g.items(alternatives) for alt in self.alternatives(shape, step)]
        return [(self.path_text(shape, node),)]

    def path_text(self, shape: Node, node: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        g = self.g
        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, BNode):
            if g.value(node, RDF.first) is not None:
                return "(" + "/".join(self.path_text(shape, step) for step in g.items(node)) + ")"
            for predicate, template in (
                (SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?"),
            ):
                inner = g.value(node, predicate)
                if inner is not None:
                    return template.format(self.path_text(shape, inner))
            alternatives = g.value(node, SH.alternativePath)
            if alternatives is not None:
                return "(" + "|".join(self.path_text(shape, step) for step in g.items(alternatives)) + ")"
        raise UnsupportedShape(f"shape {_name(shape)} uses a property path the SPARQL validator does not know ({node})")

    def check_parameters(self, shape: Node) -> None:
        """Refuse any SHACL term on ``shape`` that no branch of this translator reads."""
        known = _DESCRIPTIVE | set(_VALUE_PARAMS) | set(_COUNT_PARAMS) | {SH.hasValue, SH.property, SH.sparql, SH.qualifiedValueShape}
        for predicate in set(self.g.predicates(shape, None)):
            if str(predicate).startswith(str(SH)) and predicate not in known:
                raise UnsupportedShape(f"shape {_name(shape)} uses {predicate.n3(self.g.namespace_manager)}, not supported by the SPARQL validator")
        if self.g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise UnsupportedShape(f"shape {_name(shape)} uses sh:qualifiedValueShapesDisjoint true, not supported by the SPARQL validator")
        if self.g.value(shape, SH.flags) is not None and self.g.value(shape, SH.pattern) is None:
            raise UnsupportedShape(f"shape {_name(shape)} has sh:flags without sh:pattern")

    # -- conditions: SPARQL expressions true when a node conforms ------------------------
    def value_condition(self, shape: Node, param: URIRef, value: Node, v: str) -> str:
        """Expression true when node ``v`` satisfies the value constraint ``param value`` of ``shape``."""
        g = self.g
        if param == SH.nodeKind:
            if value not in _NODE_KINDS:
                raise UnsupportedShape(f"shape {_name(shape)} uses sh:nodeKind {value}, not a SHACL node kind")
            return _NODE_KINDS[value].format(v=v)  # type: ignore[index]
        if param == SH.pattern:
            flags = g.value(shape, SH.flags)
            try:
                re.compile(str(value))
            except re.error as error:
                raise UnsupportedShape(f"shape {_name(shape)}: sh:pattern {str(value)!r} is not a valid regular expression ({error})") from None
            flag_arg = f", {sparql_string(str(flags))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(value))}{flag_arg}))"
        if param in (SH.minLength, SH.maxLength):
            op = ">=" if param == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {_integer(value)})"
        if param == SH.languageIn:
            tags = [str(t) for t in self.items(shape, param, value)]
            if not tags:
                return "false"
            return f"(isLiteral({v}) && LANG({v}) != \"\" && (" + " || ".join(f"LANGMATCHES(LANG({v}), {sparql_string(t)})" for t in tags) + "))"
        if param == SH.datatype:
            return self.datatype_condition(value, v)
        if param == SH["in"]:
            members = self.items(shape, param, value)
            return "(" + " || ".join(f"sameTerm({v}, {sparql_term(m, shape)})" for m in members) + ")" if members else "false"
        if param == SH.hasValue:
            return f"sameTerm({v}, {sparql_term(value, shape)})"
        if param == SH["class"]:
            return f"EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {sparql_term(value, shape)} }}"
        if param == SH.node:
            return self.conforms(value, v)
        if param == SH["not"]:
            return f"!({self.conforms(value, v)})"
        members = self.items(shape, param, value)
        parts = [self.conforms(member, v) for member in members]
        if param == SH["and"]:
            return "(" + " && ".join(parts) + ")" if parts else "true"
        if param == SH["or"]:
            return "(" + " || ".join(parts) + ")" if parts else "false"
        if param == SH.xone:
            return "((" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + ") = 1)" if parts else "false"
        raise UnsupportedShape(f"shape {_name(shape)} uses {param}, not supported by the SPARQL validator")  # pragma: no cover

    def datatype_condition(self, datatype: Node, v: str) -> str:
        """pySHACL's sh:datatype test: the literal's datatype, and for XSD types rdflib parses, a well-formed value."""
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        condition = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), <{datatype}>)"
        if datatype in _CHECKED_DATATYPES:
            condition += f" && COALESCE(isLiteral(<{datatype}>(STR({v}))), false)"
        return condition + ")"

    def count_at_least(self, x: str, path: _Path, n: int, shape: Node, condition: Callable[[str], str] | None = None) -> str:
        """Expression true when ``x`` has at least ``n`` distinct values along ``path`` (each satisfying ``condition``)."""
        if n <= 0:
            return "true"
        if n > MAX_COUNT:
            raise UnsupportedShape(f"shape {_name(shape)} counts {n} values; the SPARQL validator counts up to {MAX_COUNT}")
        names = [self.var() for _ in range(n)]
        triples = " ".join(path.within(x, name, self.var) if len(names) == 1 else f"{{ {path.within(x, name, self.var)} }}" for name in names)
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        if condition is not None:
            tests += [f"COALESCE({condition(name)}, false)" for name in names]
        filter_ = f" FILTER ({' && '.join(tests)})" if tests else ""
        return f"EXISTS {{ {triples}{filter_} }}"

    def conforms(self, shape: Node, x: str) -> str:
        """Expression true when node ``x`` conforms to ``shape`` (used inside sh:or, sh:not, sh:node, ...)."""
        if self.deactivated(shape):
            return "true"
        self.check_parameters(shape)
        if self.g.value(shape, SH.sparql) is not None:
            raise UnsupportedShape(f"shape {_name(shape)} uses sh:sparql inside another shape (sh:or, sh:not, sh:node, ...), not supported by the SPARQL validator")
        path_node = self.one(shape, SH.path)
        parts: list[str] = []
        if path_node is None:
            for param, value in self.constraints(shape):
                if param == SH.property:
                    parts.append(self.conforms(value, x))
                elif param in _VALUE_PARAMS or param == SH.hasValue:
                    parts.append(f"COALESCE({self.value_condition(shape, param, value, x)}, false)")
                else:
                    raise UnsupportedShape(f"shape {_name(shape)} uses {param.n3(self.g.namespace_manager)} without sh:path")
            return "(" + " && ".join(parts) + ")" if parts else "true"
        path = self.path(shape, path_node)
        v = self.var()
        per_value: list[str] = []
        for param, value in self.constraints(shape):
            if param in _VALUE_PARAMS:
                per_value.append(f"COALESCE({self.value_condition(shape, param, value, v)}, false)")
            elif param == SH.property:
                per_value.append(self.conforms(value, v))
            elif param == SH.minCount:
                parts.append(self.count_at_least(x, path, _integer(value), shape))
            elif param == SH.maxCount:
                parts.append(f"!({self.count_at_least(x, path, _integer(value) + 1, shape)})")
            elif param == SH.hasValue:
                parts.append(f"EXISTS {{ {path.within(x, sparql_term(value, shape), self.var)} }}")
            elif param == SH.qualifiedValueShape:
                parts += self.qualified(shape, x, path, value)
        if per_value:
            parts.append(f"NOT EXISTS {{ {path.within(x, v, self.var)} FILTER (!({' && '.join(per_value)})) }}")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def qualified(self, shape: Node, x: str, path: _Path, qualified_shape: Node) -> list[str]:
        minimum, maximum = self.g.value(shape, SH.qualifiedMinCount), self.g.value(shape, SH.qualifiedMaxCount)
        return [part for part in self.qualified_parts(shape, path, qualified_shape, minimum, maximum, x) if part]

    def constraints(self, shape: Node) -> Iterator[tuple[URIRef, Node]]:
        """The constraint parameters of ``shape`` in a fixed order (descriptive ones left out)."""
        pairs = [(p, o) for p, o in self.g.predicate_objects(shape) if p not in _DESCRIPTIVE and str(p).startswith(str(SH))]
        yield from sorted(pairs, key=lambda pair: (str(pair[0]), pair[1].n3()))  # type: ignore[misc]

    # -- rules: SELECTs whose solutions are results ---------------------------------------
    def rules(self) -> list[Rule]:
        if (None, SH.target, None) in self.g:
            shape = next(self.g.subjects(SH.target, None))
            raise UnsupportedShape(f"shape {_name(shape)} uses sh:target (SPARQL-based targets), not supported by the SPARQL validator")
        for component in self.g.subjects(RDF.type, SH.ConstraintComponent):
            raise UnsupportedShape(f"the shapes define a custom constraint component ({component}); sh:ConstraintComponent is not supported by the SPARQL validator")
        targeted: set[Node] = set()
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            targeted.update(self.g.subjects(predicate, None))
        for shape in self.g.subjects(RDF.type, SH.NodeShape):
            if self.is_implicit_class_target(shape):
                targeted.add(shape)
        rules: list[Rule] = []
        for shape in sorted(targeted, key=lambda s: (isinstance(s, BNode), str(s))):
            try:
                focus = self.targets(shape)
                rules += self.shape_rules(shape, lambda var, focus=focus: focus.replace("?this", var))  # type: ignore[misc]
            except UnsupportedShape as error:
                if isinstance(shape, URIRef) and f"<{shape}>" not in str(error):
                    raise UnsupportedShape(f"{error} (in shape <{shape}>)") from None
                raise
        return rules

    def is_implicit_class_target(self, shape: Node) -> bool:
        """A node shape that is also a class targets that class's instances (SHACL 2.1.3.3)."""
        return any((shape, RDF.type, cls) in self.g for cls in (RDFS.Class, OWL.Class))

    def targets(self, shape: Node) -> str:
        """A group binding ``?this`` to each focus node of ``shape`` once."""
        g = self.g
        branches = [f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> }}" for c in sorted(c for c in g.objects(shape, SH.targetClass) if isinstance(c, URIRef))]
        if self.is_implicit_class_target(shape):
            branches.append(f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{shape}> }}")
        nodes = sorted(g.objects(shape, SH.targetNode), key=str)
        if nodes:
            branches.append("{ VALUES ?this { " + " ".join(sparql_term(n, shape) for n in nodes) + " } }")
        branches += [f"{{ ?this <{p}> [] }}" for p in sorted(p for p in g.objects(shape, SH.targetSubjectsOf) if isinstance(p, URIRef))]
        branches += [f"{{ [] <{p}> ?this }}" for p in sorted(p for p in g.objects(shape, SH.targetObjectsOf) if isinstance(p, URIRef))]
        if not branches:
            raise UnsupportedShape(f"shape {_name(shape)} has targets the SPARQL validator cannot read (blank-node or literal targets)")
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(branches) + " } }"

    def shape_rules(self, shape: Node, focus: Callable[[str], str]) -> list[Rule]:
        """The rules reporting results of ``shape`` for the focus nodes ``focus("?this")`` binds."""
        if self.deactivated(shape):
            return []
        self.check_parameters(shape)
        g = self.g
        severity = g.value(shape, SH.severity) or SH.Violation
        messages = tuple(sorted((m for m in g.objects(shape, SH.message) if isinstance(m, Literal)), key=lambda m: m.n3()))
        path_node = self.one(shape, SH.path)
        path = self.path(shape, path_node) if path_node is not None else None
        base = {"shape": shape, "severity": severity, "path": path_node, "messages": messages}
        rules: list[Rule] = []
        for param, value in self.constraints(shape):
            if param in _VALUE_PARAMS or (param == SH.hasValue and path is None):
                component = _VALUE_PARAMS.get(param, SH.HasValueConstraintComponent)
                generic = self.generic_value_message(shape, param, value)
                if path is None:
                    condition = self.value_condition(shape, param, value, "?this")
                    where = f"{focus('?this')} FILTER (!COALESCE({condition}, false))"
                    value_kind = "none" if param == SH.hasValue else "focus"  # pySHACL gives sh:hasValue results no sh:value
                    rules.append(Rule(f"SELECT ?this WHERE {{ {where} }}", component=component, generic=generic, value=value_kind, **base))  # type: ignore[arg-type]
                else:
                    condition = self.value_condition(shape, param, value, "?value")
                    where = f"{focus('?this')} ?this {path} ?value . FILTER (!COALESCE({condition}, false))"
                    rules.append(Rule(f"SELECT DISTINCT ?this ?value WHERE {{ {where} }}", component=component, generic=generic, **base))  # type: ignore[arg-type]
            elif param in _COUNT_PARAMS or param in (SH.hasValue, SH.qualifiedValueShape):
                if path is None:
                    raise UnsupportedShape(f"shape {_name(shape)} uses {param.n3(g.namespace_manager)} without sh:path")
                rules += self.focus_rules(shape, param, value, path, focus, base)
            elif param == SH.property:
                rules += self.nested_rules(value, path, focus)
            elif param == SH.sparql:
                rules.append(self.sparql_rule(shape, value, path, focus, base))
        return rules

    def nested_rules(self, property_shape: Node, path: _Path | None, focus: Callable[[str], str]) -> list[Rule]:
        """sh:property: the value nodes (the focus itself for a node shape) are the nested shape's focus nodes."""
        if path is None:
            return self.shape_rules(property_shape, focus)
        outer = self.var()

        def nested(var: str) -> str:
            return f"{{ SELECT DISTINCT {var} WHERE {{ {focus(outer)} {outer} {path} {var} . }} }}"

        return self.shape_rules(property_shape, nested)

    def focus_rules(self, shape: Node, param: URIRef, value: Node, path: _Path, focus: Callable[[str], str], base: dict) -> list[Rule]:
        """Count and hasValue constraints of a property shape: one result per focus node, no value."""
        path_text = self.shape_text(self.one(shape, SH.path))  # type: ignore[arg-type]
        checks: list[tuple[URIRef, str, tuple[str, ...]]] = []
        if param == SH.minCount:
            checks.append((SH.MinCountConstraintComponent, self.count_at_least("?this", path, _integer(value), shape), ("Less than ", str(_integer(value)), " values on ", FOCUS, "->", path_text)))
        elif param == SH.maxCount:
            checks.append((SH.MaxCountConstraintComponent, f"!({self.count_at_least('?this', path, _integer(value) + 1, shape)})", ("More than ", str(_integer(value)), " values on ", FOCUS, "->", path_text)))
        elif param == SH.hasValue:
            checks.append((SH.HasValueConstraintComponent, f"EXISTS {{ {path.within('?this', sparql_term(value, shape), self.var)} }}", ("Node ", FOCUS, "->", path_text, " does not contain a value in the set: ", str([self.shape_text(value)]))))
        else:
            minimum, maximum = self.g.value(shape, SH.qualifiedMinCount), self.g.value(shape, SH.qualifiedMaxCount)
            counts = (f" MinCount {_integer(minimum)}" if minimum is not None else "") + (f" MaxCount {_integer(maximum)}" if maximum is not None else "")
            text = ("Focus node does not conform to shape", counts, ": ", self.shape_text(value))
            for component, condition in zip((SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent), self.qualified_parts(shape, path, value, minimum, maximum), strict=True):
                if condition:
                    checks.append((component, condition, text))
        return [
            Rule(f"SELECT ?this WHERE {{ {focus('?this')} FILTER (!COALESCE({condition}, false)) }}", component=component, generic=generic, value="none", **base)
            for component, condition, generic in checks
        ]

    def qualified_parts(
        self, shape: Node, path: _Path, qualified_shape: Node, minimum: Node | None, maximum: Node | None, x: str = "?this"
    ) -> tuple[str, str]:
        """The conditions of a qualified min and max count on ``x`` ("" for a count not given)."""
        if minimum is None and maximum is None:
            raise UnsupportedShape(f"shape {_name(shape)} has sh:qualifiedValueShape without a qualified count")
        low = self.count_at_least(x, path, _integer(minimum), shape, lambda n: self.conforms(qualified_shape, n)) if minimum is not None else ""
        high = f"!({self.count_at_least(x, path, _integer(maximum) + 1, shape, lambda n: self.conforms(qualified_shape, n))})" if maximum is not None else ""
        return low, high

    def generic_value_message(self, shape: Node, param: URIRef, value: Node) -> tuple[str, ...]:
        """pySHACL's generic message for a value constraint (see pyshacl.constraints.core)."""
        text = self.shape_text
        if param == SH.nodeKind:
            return ("Value is not of Node Kind ", text(value))
        if param == SH.pattern:
            return ("Value does not match pattern '", str(value), "'")
        if param == SH.minLength:
            return ("String length not >= ", text(value))
        if param == SH.maxLength:
            return ("String length not <= ", text(value))
        if param == SH.languageIn:
            return ("String language is not in ", text(value))
        if param == SH.datatype:
            return ("Value is not Literal with datatype ", text(value))
        if param == SH["in"]:
            return ("Value ", VALUE, " not in list ", str([text(m) for m in self.g.items(value)]))
        if param == SH.hasValue:
            return ("Node ", FOCUS, " value is not a in the set of values: ", str([text(value)]))
        if param == SH["class"]:
            return ("Value does not have class ", text(value))
        if param == SH.node:
            return ("Value does not conform to Shape ", text(value), ".")
        if param == SH["not"]:
            return ("Node ", VALUE, " must not conform to shape ", text(value))
        listed = " , ".join(text(member) for member in self.g.items(value))
        wording = {SH["and"]: " must conform to all shapes in ", SH["or"]: " must conform to one or more shapes in ", SH.xone: " must conform to exactly one shape in "}
        return ("Node ", VALUE, wording[param], listed)

    def sparql_rule(self, shape: Node, constraint: Node, path: _Path | None, focus: Callable[[str], str], base: dict) -> Rule:
        """An sh:sparql SELECT constraint, with ``$this`` bound to each focus node."""
        from calco.validate.sparql_select import prebind

        g = self.g
        if self.deactivated(constraint):
            return Rule("", constraint=constraint, component=SH.SPARQLConstraintComponent, **base)
        select = g.value(constraint, SH.select)
        if select is None:
            raise UnsupportedShape(f"shape {_name(shape)} has an sh:sparql constraint without sh:select (sh:ask and other forms are not supported by the SPARQL validator)")
        for predicate in set(g.predicates(constraint, None)):
            if str(predicate).startswith(str(SH)) and predicate not in {SH.select, SH.prefixes, SH.message, SH.deactivated}:
                raise UnsupportedShape(f"shape {_name(shape)}: its sh:sparql constraint uses {predicate.n3(g.namespace_manager)}, not supported by the SPARQL validator")
        prefixes = []
        for holder in g.objects(constraint, SH.prefixes):
            for declaration in g.objects(holder, SH.declare):
                prefix, namespace = g.value(declaration, SH.prefix), g.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise UnsupportedShape(f"shape {_name(shape)}: an sh:declare of {holder} lacks sh:prefix or sh:namespace")
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        text = str(select)
        if path is not None:
            text = re.sub(r"\$PATH\b", lambda _match: path.text, text)
        query, per_focus = prebind(text, focus("?this"), shape)
        extra = tuple(sorted((m for m in g.objects(constraint, SH.message) if isinstance(m, Literal)), key=lambda m: m.n3()))
        return Rule(
            "\n".join(sorted(prefixes)) + "\n" + query,
            component=SH.SPARQLConstraintComponent,
            constraint=constraint,
            value="none" if path is not None else "focus",
            per_focus=per_focus,
            focus_query="SELECT ?this WHERE { " + focus("?this") + " }",
            extra_messages=extra,
            **base,
        )
