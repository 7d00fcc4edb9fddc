"""``calco.jsonld`` and ``calco.context.jsonld``: JSON-LD with a small, local context.

The context is written inline into ``calco.jsonld`` (so no JSON-LD processor ever fetches
anything) and also as its own file for people compacting their own data the same way.

``calco.jsonld`` is written straight from the release's sorted pyoxigraph triples, one node
object per subject, as a stream: no rdflib Graph and no JSON-LD library's compaction, which
cost 7 s at 10k terms and 159 s at 100k (docs/decisions.md, "CALCO writes its JSON-LD itself").
What the writer does is the part of JSON-LD compaction CALCO's context needs, spelled out:

* a property is written under one of the context's keys (``label``, ``subClassOf``...) only when
  the key's coercion fits the value exactly: an ``@language: en`` key takes a plain string only for
  an ``@en`` literal, an ``@type: @id`` key takes IRIs and blank nodes; any other value goes under
  the property's CURIE (``rdfs:label``) with a value object where the literal needs one;
* IRIs are CURIEs by the context's prefixes where one fits (``CALCO:0000001``), else full IRIs;
* a blank node used exactly once is nested where it is used (an RDF list as ``@list``; past
  :data:`MAX_DEPTH` levels, or on a ring of such nodes, it is a top-level node with its id); one
  used twice or more is a top-level node with its ``_:`` id, referenced by that id; one never used
  is a top-level node without an id;
* nodes come in the triples' order (named subjects by IRI, then blank nodes), keys ``id``, ``type``
  then alphabetically, values in triple order: the same bytes for the same graph, whatever the
  hash seed, laid out as ``json.dumps(document, indent=2)`` would lay it out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any, Union

import pyoxigraph as ox

from calco.collector import collector_paused
from calco.errors import StageError
from calco.prefixes import PREFIX_MAP
from calco.triple_index import Subject, Term, TripleIndex
from calco.vocab import RDF, XSD

#: Readable keys for the properties CALCO uses most.
TERMS: dict[str, dict[str, str]] = {
    "label": {"@id": "rdfs:label", "@language": "en"},
    "definition": {"@id": "IAO:0000115", "@language": "en"},
    "comment": {"@id": "rdfs:comment", "@language": "en"},
    # No "@type": "@id" on keys whose values can be blank nodes (subClassOf restrictions,
    # union fillers, annotated targets): rdflib's serializer silently dropped the blank node's
    # triples then (CALCO's writer does not, but readers of the context are used to these keys).
    # Only keys whose values are always IRIs are coerced.
    "subClassOf": {"@id": "rdfs:subClassOf"},
    "isDefinedBy": {"@id": "rdfs:isDefinedBy", "@type": "@id"},
    "exactSynonym": {"@id": "oboInOwl:hasExactSynonym", "@language": "en"},
    "relatedSynonym": {"@id": "oboInOwl:hasRelatedSynonym", "@language": "en"},
    "narrowSynonym": {"@id": "oboInOwl:hasNarrowSynonym", "@language": "en"},
    "broadSynonym": {"@id": "oboInOwl:hasBroadSynonym", "@language": "en"},
    "xref": {"@id": "oboInOwl:hasDbXref"},
    "onProperty": {"@id": "owl:onProperty", "@type": "@id"},
    "someValuesFrom": {"@id": "owl:someValuesFrom"},
    "annotatedSource": {"@id": "owl:annotatedSource", "@type": "@id"},
    "annotatedProperty": {"@id": "owl:annotatedProperty", "@type": "@id"},
    "annotatedTarget": {"@id": "owl:annotatedTarget"},
    "evidenceNote": {"@id": "calco:evidence_note", "@language": "en"},
    "sentenceFingerprint": {"@id": "calco:sentence_fingerprint"},
    "evidenceType": {"@id": "calco:evidence_type", "@type": "@id"},
}

#: JSON-LD 1.1 uses a plain ``"prefix": "namespace"`` entry as a CURIE prefix only when the
#: namespace ends with one of these; any other namespace (the OBO ``..._`` ones) needs ``@prefix``.
GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")


def context() -> dict[str, Any]:
    """The JSON-LD context: every project prefix (those not ending in a gen-delim marked ``@prefix``) plus readable keys."""
    ctx: dict[str, Any] = {"id": "@id", "type": "@type"}
    for prefix, namespace in PREFIX_MAP.items():
        ctx[prefix] = namespace if namespace.endswith(GEN_DELIMS) else {"@id": namespace, "@prefix": True}
    ctx.update(TERMS)
    return ctx


def context_document() -> bytes:
    """The content of ``calco.context.jsonld``."""
    return _dump({"@context": context()})


def to_jsonld(index: TripleIndex) -> bytes:
    """``calco.jsonld``: the triples of ``index`` as compact JSON-LD with the inline context."""
    with collector_paused():
        return "".join(jsonld_chunks(index)).encode("utf-8")


def jsonld_chunks(index: TripleIndex) -> Iterator[str]:
    """The text of ``calco.jsonld`` piece by piece: the context, then one node object at a time."""
    ctx = context()
    head = json.dumps({"@context": ctx}, indent=2, ensure_ascii=False)
    yield head[: -len("\n}")] + ',\n  "@graph": ['
    separator = "\n    "
    for node in _NodeWriter(index, ctx).nodes():
        yield separator + _text(node, "    ")
        separator = ",\n    "
    yield "]\n}\n" if separator == "\n    " else "\n  ]\n}\n"


#: A value ready to print: a JSON scalar already encoded, an array, or an object whose keys are encoded.
Value = Union[str, list["Value"], dict[str, "Value"]]

_TYPE = RDF.type
_FIRST, _REST, _NIL = RDF.first, RDF.rest, RDF.nil
_STRING = XSD.string
#: Blank nodes nest at most this deep; a deeper one is written at the top level and referenced by id.
MAX_DEPTH = 64
_ID, _LIST, _VALUE, _LANGUAGE, _TYPE_KEY = (encode_basestring(k) for k in ("id", "@list", "@value", "@language", "type"))


class _NodeWriter:
    """Node objects for the subjects of one sorted triple sequence, under CALCO's context."""

    def __init__(self, index: TripleIndex, ctx: dict[str, Any]) -> None:
        self.index = index
        self.prefixes = {p: (d["@id"] if isinstance(d, dict) else d) for p, d in ctx.items() if p in PREFIX_MAP}
        self.reserved = set(ctx)
        self.id_keys: dict[ox.NamedNode, str] = {}
        self.plain_keys: dict[ox.NamedNode, str] = {}
        self.language_keys: dict[tuple[ox.NamedNode, str], str] = {}
        for key, definition in TERMS.items():
            prop = ox.NamedNode(self._expand(definition["@id"]))
            if definition.get("@type") == "@id":
                self.id_keys.setdefault(prop, key)
            elif "@language" in definition:
                self.language_keys.setdefault((prop, definition["@language"]), key)
            elif "@type" not in definition:
                self.plain_keys.setdefault(prop, key)
        self.curies: dict[ox.NamedNode, str] = {}
        self.keys: dict[ox.NamedNode, str] = {}
        self.encoded_keys: dict[str, str] = {}
        self.subjects: list[Subject] = []
        self.uses: dict[ox.BlankNode, int] = {}
        used_by: dict[ox.BlankNode, Subject] = {}
        seen: set[Subject] = set()
        last = None
        for subject, _, obj in index.triples:
            if subject != last:  # sorted triples: a new subject starts here (the set keeps unsorted input right)
                last = subject
                if subject not in seen:
                    seen.add(subject)
                    self.subjects.append(subject)
            if type(obj) is ox.BlankNode:
                self.uses[obj] = self.uses.get(obj, 0) + 1
                used_by[obj] = subject
        self.described = seen
        self.promoted = self._cycles(used_by)
        #: How many node objects are open around the one being written, and the blank nodes used
        #: once that were too deep to nest (written at the end, by id): no chain overflows the stack.
        self.depth = 0
        self.deferred: list[ox.BlankNode] = []

    # --- which blank nodes are nested -------------------------------------------------------

    def _nestable(self, node: ox.BlankNode) -> bool:
        """Used exactly once, described, and not on a cycle of such nodes: written where it is used."""
        return self.uses.get(node, 0) == 1 and node in self.described and node not in self.promoted

    def _cycles(self, used_by: dict[ox.BlankNode, Subject]) -> set[ox.BlankNode]:
        """Blank nodes used once that only other such nodes lead to, in a ring: one per ring goes top-level.

        Nesting them all would write none of them; one member of each ring (the same one every
        run: the walk follows the triple order) is written as a top-level node with its id instead.
        """
        promoted: set[ox.BlankNode] = set()
        reached: set[ox.BlankNode] = set()
        for start in self.subjects:
            if type(start) is not ox.BlankNode or self.uses.get(start, 0) != 1 or start in reached:
                continue
            path: list[ox.BlankNode] = []
            on_path: set[ox.BlankNode] = set()
            current: Subject = start
            while type(current) is ox.BlankNode and self.uses.get(current, 0) == 1 and current not in reached and current not in promoted:
                if current in on_path:
                    promoted.add(current)
                    break
                path.append(current)
                on_path.add(current)
                current = used_by[current]
            reached.update(path)
        return promoted

    def _list_items(self, head: ox.BlankNode) -> list[Term] | None:
        """The members of the well-formed RDF list starting at ``head``, or None if it is not one.

        Well-formed: every cell has exactly one ``rdf:first`` and one ``rdf:rest`` and nothing else,
        is used only by its predecessor, and the last ``rdf:rest`` is ``rdf:nil``.
        """
        items: list[Term] = []
        cell: Term = head
        while True:
            if type(cell) is not ox.BlankNode or not self._nestable(cell):
                return None
            described = self.index.predicate_objects(cell)
            first, rest = described.get(_FIRST), described.get(_REST)
            if len(described) != 2 or first is None or rest is None or len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            cell = rest[0]
            if cell == _NIL:
                return items

    # --- node objects ------------------------------------------------------------------------

    def nodes(self) -> Iterator[dict[str, Value]]:
        """Every top-level node object, in the triples' subject order."""
        for subject in self.subjects:
            if type(subject) is ox.NamedNode:
                yield self._node(subject, with_id=True)
            elif not self._nestable(subject):
                yield self._node(subject, with_id=self.uses.get(subject, 0) > 0)
        while self.deferred:
            yield self._node(self.deferred.pop(0), with_id=True)

    def _nested(self, node: ox.BlankNode) -> Value:
        """``node`` written where it is used, or referenced by id and deferred if nesting is already deep."""
        if self.depth < MAX_DEPTH:
            return self._node(node, with_id=False)
        self.deferred.append(node)
        return {_ID: self._id(node)}

    def _node(self, subject: Subject, *, with_id: bool) -> dict[str, Value]:
        groups: dict[str, list[Value]] = {}
        self.depth += 1
        for predicate, objects in self.index.predicate_objects(subject).items():
            for obj in objects:
                key, value = self._entry(predicate, obj)
                values = groups.get(key)
                if values is None:
                    groups[key] = [value]
                else:
                    values.append(value)
        self.depth -= 1
        node: dict[str, Value] = {}
        if with_id:
            node[_ID] = self._id(subject)
        types = groups.pop("type", None)
        if types is not None:
            node[_TYPE_KEY] = types[0] if len(types) == 1 else types
        encoded = self.encoded_keys
        for key in sorted(groups):
            values = groups[key]
            name = encoded.get(key)
            if name is None:
                name = encoded[key] = encode_basestring(key)
            node[name] = values[0] if len(values) == 1 else values
        return node

    def _entry(self, predicate: ox.NamedNode, obj: Term) -> tuple[str, Value]:
        """The key and value one triple adds to its subject's node object."""
        if type(obj) is ox.NamedNode:
            if predicate == _TYPE:
                return "type", self._curie(obj)
            key = self.id_keys.get(predicate)
            if key is not None:
                return key, self._curie(obj)
            return self._plain_key(predicate), {_ID: self._curie(obj)}
        if type(obj) is ox.BlankNode:
            if self._nestable(obj):
                if predicate != _FIRST and predicate != _REST:
                    items = self._list_items(obj)
                    if items is not None:
                        return self._plain_key(predicate), {_LIST: [self._item(i) for i in items]}
                value = self._nested(obj)
                return (self.id_keys.get(predicate) if _ID not in value else None) or self._plain_key(predicate), value
            key = self.id_keys.get(predicate) if predicate != _TYPE else None
            if key is not None:
                return key, self._id(obj)
            return self._plain_key(predicate), {_ID: self._id(obj)}
        assert isinstance(obj, ox.Literal)
        language = obj.language
        if language:
            key = self.language_keys.get((predicate, language))
            if key is not None:
                return key, encode_basestring(obj.value)
        return self._plain_key(predicate), self._literal(obj)

    def _item(self, item: Term) -> Value:
        """A member of an ``@list``: written the way a key without coercion writes it."""
        if type(item) is ox.NamedNode:
            return {_ID: self._curie(item)}
        if type(item) is ox.BlankNode:
            return self._nested(item) if self._nestable(item) else {_ID: self._id(item)}
        assert isinstance(item, ox.Literal)
        return self._literal(item)

    def _literal(self, literal: ox.Literal) -> Value:
        """A literal under a key without coercion: a plain string for ``xsd:string``, else a value object."""
        if literal.language:
            return {_VALUE: encode_basestring(literal.value), _LANGUAGE: encode_basestring(literal.language)}
        datatype = literal.datatype
        if datatype == _STRING:
            return encode_basestring(literal.value)
        return {_VALUE: encode_basestring(literal.value), _TYPE_KEY: self._curie(datatype)}

    def _id(self, node: Subject) -> str:
        return self._curie(node) if type(node) is ox.NamedNode else encode_basestring("_:" + node.value)

    # --- IRIs ----------------------------------------------------------------------------------

    def _plain_key(self, predicate: ox.NamedNode) -> str:
        key = self.keys.get(predicate)
        if key is None:
            key = self.keys[predicate] = self.plain_keys.get(predicate) or self._compact(predicate.value)
        return key

    def _curie(self, node: ox.NamedNode) -> str:
        """The IRI as a JSON string: a CURIE where a prefix of the context fits, else the full IRI."""
        encoded = self.curies.get(node)
        if encoded is None:
            encoded = self.curies[node] = encode_basestring(self._compact(node.value))
        return encoded

    def _compact(self, iri: str) -> str:
        """The shortest CURIE for ``iri`` (ties: the alphabetically first), as JSON-LD compaction picks it."""
        best = None
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace) :]
                if not local.startswith("//"):  # "p://x" would read as an absolute IRI, not a CURIE
                    candidate = f"{prefix}:{local}"
                    if best is None or (len(candidate), candidate) < (len(best), best):
                        best = candidate
        if best is not None:
            return best
        scheme, _, rest = iri.partition(":")
        if scheme in self.reserved and not rest.startswith("//"):
            raise StageError(
                "export",
                f"calco.jsonld cannot state <{iri}>: JSON-LD readers take {scheme}: for the context's prefix {scheme!r}, "
                "so the IRI would be read as another one; rename the prefix or the IRI",
            )
        return iri

    def _expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return self.prefixes[prefix] + local


def _text(value: Value, indent: str) -> str:
    """``value`` as ``json.dumps(value, indent=2)`` prints it, nested at ``indent``."""
    if type(value) is str:
        return value
    inner = indent + "  "
    if type(value) is list:
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _text(v, inner) for v in value) + "\n" + indent + "]"
    assert isinstance(value, dict)
    if not value:
        return "{}"
    return "{\n" + ",\n".join(f"{inner}{k}: {_text(v, inner)}" for k, v in value.items()) + "\n" + indent + "}"


def _dump(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
