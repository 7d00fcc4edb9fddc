"""Stage 2, assemble: tables + header -> the release graph, as sorted pyoxigraph triples, OBO style.

Relations become existential restrictions (``S SubClassOf R some O``) with their evidence as
axiom annotations, so reasoners and OBO tools read them. Blank nodes get names derived from
their content, which makes every serialisation of the graph byte-stable across runs.

The graph is built once, straight into pyoxigraph terms (Oxigraph's writers serialise them, the
exports read them through :class:`calco.triple_index.TripleIndex`): at 100k terms an rdflib
Graph of the same 4 M triples, and converting it, cost more than every writer together. Each IRI
and each literal value becomes one pyoxigraph term, shared by every triple that uses it. The
header (a few dozen triples, parsed and canonicalised by rdflib) and the import modules (a few
hundred upstream terms, shared with ``calco imports``) are still made as rdflib terms and
converted once. :func:`assemble_graph` gives the same graph as rdflib, for users and tests.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.compare import to_canonical_graph

from calco import prefixes as _rdf_prefixes
from calco.article import ArticleRecord
from calco.collector import collector_paused
from calco.evidence import evidence_annotations
from calco.export.oxigraph import OxTerm, from_rdflib, sort_triples
from calco.model import Assertion, ImportedTerm, Mapping, Source, Term
from calco.prefixes import OBO, ONTOLOGY_IRI, PREFIX_MAP, expand
from calco.vocab import CALCO, IAO, OBOINOWL, OMO, OWL, RDF, RDFS, SSSOM

# The rdflib names (``calco.assemble.PROGNOSIS`` ...), for code that reads an rdflib graph of the release.
DEFINITION = _rdf_prefixes.IAO["0000115"]
LATIN = _rdf_prefixes.OMO["0003011"]
EVIDENCE_NOTE = _rdf_prefixes.CALCO["evidence_note"]
QUALIFIER = _rdf_prefixes.CALCO["qualifier"]
PROGNOSIS = _rdf_prefixes.CALCO["prognosis"]
SEMAPV = "https://w3id.org/semapv/vocab/"

# The same names as pyoxigraph terms, which the assembly writes.
_DEFINITION = IAO["0000115"]
_LATIN = OMO["0003011"]
_EVIDENCE_NOTE = CALCO["evidence_note"]
_QUALIFIER = CALCO["qualifier"]
_PROGNOSIS = CALCO["prognosis"]
_REPLACED_BY = IAO["0100001"]
_OBSOLESCENCE_REASON = IAO["0000231"]
_SYNONYM_PROPERTIES = (
    ("exact_synonyms", OBOINOWL.hasExactSynonym),
    ("related_synonyms", OBOINOWL.hasRelatedSynonym),
    ("narrow_synonyms", OBOINOWL.hasNarrowSynonym),
    ("broad_synonyms", OBOINOWL.hasBroadSynonym),
)
_TYPE, _AXIOM, _CLASS, _RESTRICTION = RDF.type, OWL.Axiom, OWL.Class, OWL.Restriction
_SOURCE, _PROPERTY, _TARGET = OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget
_LABEL, _SUBCLASS, _DEFINED_BY, _COMMENT = RDFS.label, RDFS.subClassOf, RDFS.isDefinedBy, RDFS.comment
_ON_PROPERTY, _SOME, _UNION, _FIRST, _REST, _NIL = OWL.onProperty, OWL.someValuesFrom, OWL.unionOf, RDF.first, RDF.rest, RDF.nil
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
_ONTOLOGY = ox.NamedNode(ONTOLOGY_IRI)
#: Characters after which rdflib's N3 form of a literal is no longer ``"text"``: the blank-node
#: keys below are rdflib's N3 forms (they name the blank nodes of every published release).
_ESCAPED = frozenset('\n\r"\\')


def assemble(source: Source) -> list[ox.Triple]:
    """The OWL graph of CALCO from a checked :class:`Source`: deduplicated triples in N-Triples text order."""
    with collector_paused():  # 4 M long-lived triples at 100k terms: see calco.collector
        return _Assembly(source).triples()


def assemble_graph(source: Source) -> Graph:
    """The same graph as an rdflib Graph (the user's and the tests' API; the build never makes it)."""
    return to_rdflib_graph(assemble(source))


def release_graph() -> Graph:
    """An empty rdflib Graph bound to the project's prefixes, as the release graph always was.

    SimpleMemory: CALCO has one graph, so the default store's per-triple context bookkeeping is
    pure cost.
    """
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in PREFIX_MAP.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def to_rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples as an rdflib Graph with the project's prefixes (for code that still needs rdflib)."""
    from calco.validate.ingest import to_rdflib

    graph = release_graph()
    term = functools.lru_cache(maxsize=None)(to_rdflib)  # each distinct term converted once

    for s, p, o in triples:
        graph.add((term(s), term(p), term(o)))
    return graph


def iri(curie: str) -> URIRef:
    """Expand a CURIE that the load stage has already checked (rdflib form, for the curator tools)."""
    expanded = expand(curie)
    if expanded is None:
        raise ValueError(f"unknown prefix in {curie!r}")
    return URIRef(expanded)


def en(text: str) -> RdfLiteral:
    """English text literal (rdflib form): labels, definitions, synonyms and notes are all ``@en``."""
    return RdfLiteral(text, lang="en")


class _Assembly:
    """One assembly: the triples so far, and every term made once (by CURIE, by IRI, by text)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.out: list[ox.Triple] = []
        self._curies: dict[str, ox.NamedNode] = {}
        self._iris: dict[str, ox.NamedNode] = {}
        self._texts: dict[tuple[str, str], ox.Literal] = {}
        self._plain: dict[str, ox.Literal] = {}
        #: An rdflib term (header, import modules, evidence annotations) as pyoxigraph, once per term.
        self.convert = functools.lru_cache(maxsize=None)(from_rdflib)
        self._evidence: dict[str, list[tuple[OxTerm, OxTerm]]] = {}

    # -- terms, each made once ------------------------------------------------------------------

    def iri(self, curie: str) -> ox.NamedNode:
        node = self._curies.get(curie)
        if node is None:
            expanded = expand(curie)
            if expanded is None:
                raise ValueError(f"unknown prefix in {curie!r}")
            node = self._curies[curie] = self.named(expanded)
        return node

    def named(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def text(self, value: str, language: str = "en") -> ox.Literal:
        key = (value, language)
        node = self._texts.get(key)
        if node is None:
            node = self._texts[key] = ox.Literal(value, language=language)
        return node

    def plain(self, value: str) -> ox.Literal:
        node = self._plain.get(value)
        if node is None:
            node = self._plain[value] = ox.Literal(value)
        return node

    # -- the graph ------------------------------------------------------------------------------

    def triples(self) -> list[ox.Triple]:
        source = self.source
        add = self.out.append
        # Blank nodes parsed from the header get random names; canonical ones keep exports byte-stable.
        convert = self.convert
        for s, p, o in to_canonical_graph(source.header):
            add(ox.Triple(convert(s), convert(p), convert(o)))  # type: ignore[arg-type]
        # The import modules first (ODK's merge of imports): upstream terms with their ancestry.
        # A reused term a module holds takes its label from there; imports.tsv only declares it.
        # Module headers are not merged (as ROBOT's merge --collapse-import-closure): the release has
        # one ontology node. A term two modules share (BFO's top classes) comes from the first module.
        from calco.imports.rdf import term_triples

        from_modules: set[str] = set()
        merged: set[str] = set()
        for module in source.modules:
            notes = dict(module.notes)
            for upstream in module.terms:
                if upstream.id in merged:
                    continue
                merged.add(upstream.id)
                for s, p, o in term_triples(upstream, notes.get(upstream.id, "")):
                    add(ox.Triple(convert(s), convert(p), convert(o)))  # type: ignore[arg-type]
                if upstream.label:
                    from_modules.add(str(iri(upstream.id)))
        for imported in source.imports:
            self._import(imported, labelled=str(iri(imported.id)) in from_modules)
        for term in source.terms:
            self._term(term, source.article)
        for assertion in source.assertions:
            self._assertion(assertion)
        for mapping in source.mappings:
            self._mapping(mapping)
        return sort_triples(self.out)

    def annotate(self, subject: ox.NamedNode, prop: ox.NamedNode, target: OxTerm, annotations: Iterable[tuple[OxTerm, OxTerm]], *, key: str = "") -> None:
        """Add an OWL axiom annotation (``owl:Axiom`` reification) to an asserted triple.

        For a blank-node target (a class expression) pass ``key``, a text that identifies the
        expression. The annotated target is the expression's own node, as in the OWL 2 mapping to
        RDF (the main triple and ``owl:annotatedTarget`` share it), so a validator can walk from a
        restriction straight to its evidence.
        """
        pairs = list(annotations)
        if not pairs:
            return
        axiom = _bnode("axiom", str(subject), str(prop), key or _n3(target))
        add = self.out.append
        add(ox.Triple(axiom, _TYPE, _AXIOM))
        add(ox.Triple(axiom, _SOURCE, subject))
        add(ox.Triple(axiom, _PROPERTY, prop))
        add(ox.Triple(axiom, _TARGET, target))
        for annotation_property, value in pairs:
            add(ox.Triple(axiom, annotation_property, value))  # type: ignore[arg-type]

    def evidence(self, references: Iterable[str], record: ArticleRecord | None) -> list[tuple[OxTerm, OxTerm]]:
        """The evidence annotations of a row, made once per reference (:func:`calco.evidence.evidence_annotations`).

        A row's annotations are the union of its references' (the article's ``dcterms:source``
        comes with any article reference); repeats vanish when the triples are deduplicated.
        """
        pairs: list[tuple[OxTerm, OxTerm]] = []
        for reference in references:
            made = self._evidence.get(reference)
            if made is None:
                convert = self.convert
                made = self._evidence[reference] = [(convert(p), convert(v)) for p, v in evidence_annotations((reference,), record)]
            pairs += made
        return pairs

    def _import(self, imported: ImportedTerm, labelled: bool = False) -> None:
        subject = self.iri(imported.id)
        kind = {"relation": OWL.ObjectProperty, "obsolescence_reason": OWL.NamedIndividual}.get(imported.kind, _CLASS)
        add = self.out.append
        add(ox.Triple(subject, _TYPE, kind))
        if not labelled:
            add(ox.Triple(subject, _LABEL, self.text(imported.label)))
        ontology = self._defining_ontology(subject)
        if ontology is not None:
            add(ox.Triple(subject, _DEFINED_BY, ontology))

    def _term(self, term: Term, record: ArticleRecord | None) -> None:
        subject = self.iri(term.id)
        add = self.out.append
        add(ox.Triple(subject, _TYPE, _CLASS))
        add(ox.Triple(subject, _LABEL, self.text(term.label)))
        add(ox.Triple(subject, _DEFINED_BY, _ONTOLOGY))
        definition = self.text(term.definition)
        add(ox.Triple(subject, _DEFINITION, definition))
        self.annotate(subject, _DEFINITION, definition, self.evidence(term.definition_sources, record))
        for parent in term.parents:
            add(ox.Triple(subject, _SUBCLASS, self.iri(parent)))
        for column, prop in _SYNONYM_PROPERTIES:
            for synonym in getattr(term, column):
                add(ox.Triple(subject, prop, self.text(synonym)))
        for synonym in term.latin_synonyms:
            literal = self.text(synonym, "la")
            add(ox.Triple(subject, OBOINOWL.hasExactSynonym, literal))
            self.annotate(subject, OBOINOWL.hasExactSynonym, literal, [(OBOINOWL.hasSynonymType, _LATIN)])
        if term.comment:
            add(ox.Triple(subject, _COMMENT, self.text(term.comment)))
        if term.obsolete:
            add(ox.Triple(subject, OWL.deprecated, _TRUE))
            if term.replaced_by:
                add(ox.Triple(subject, _REPLACED_BY, self.iri(term.replaced_by)))
            for candidate in term.consider:
                add(ox.Triple(subject, OBOINOWL.consider, self.iri(candidate)))
            if term.obsolescence_reason:
                add(ox.Triple(subject, _OBSOLESCENCE_REASON, self.iri(term.obsolescence_reason)))
        if term.prognosis:
            prognosis = self.text(term.prognosis)
            add(ox.Triple(subject, _PROGNOSIS, prognosis))
            self.annotate(subject, _PROGNOSIS, prognosis, self.evidence(term.prognosis_sources, record))

    def _mapping(self, mapping: Mapping) -> None:
        """A SKOS mapping becomes a triple to the target IRI; an OBO xref stays a CURIE string."""
        subject = self.iri(mapping.subject)
        predicate = self.iri(mapping.predicate)
        target: OxTerm = self.plain(mapping.object) if mapping.predicate == "oboInOwl:hasDbXref" else self.iri(mapping.object)
        self.out.append(ox.Triple(subject, predicate, target))
        self.annotate(
            subject,
            predicate,
            target,
            [
                (SSSOM.mapping_justification, self.named(SEMAPV + mapping.justification.split(":", 1)[1])),
                (SSSOM.object_label, self.plain(mapping.object_label)),
                (_COMMENT, self.text(mapping.comment)),
            ],
        )

    def _assertion(self, assertion: Assertion) -> None:
        source = self.source
        subject = self.iri(assertion.subject)
        prop = self.named(source.relations[assertion.relation].iri)
        fillers = tuple(self.iri(o) for o in assertion.objects)
        restriction, key = self._restriction(prop, fillers, "restriction", subject)
        self.out.append(ox.Triple(subject, _SUBCLASS, restriction))
        evidence = self.evidence(assertion.sources, source.article)
        evidence.append((_EVIDENCE_NOTE, self.text(assertion.note)))
        if assertion.qualifier:
            evidence.append((_QUALIFIER, self.plain(assertion.qualifier)))
        self.annotate(subject, _SUBCLASS, restriction, evidence, key=key)

    def _restriction(self, prop: ox.NamedNode, fillers: tuple[ox.NamedNode, ...], role: str, owner: ox.NamedNode) -> tuple[ox.BlankNode, str]:
        """``prop some filler`` (one filler) or ``prop some (A or B ...)`` (alternatives), owned by one axiom.

        Returns the restriction node and a text key naming the expression. Blank nodes are never
        shared between axioms (only with the axiom's own annotation): each gets a name from its
        role, its owner and its content.
        """
        key = f"{owner} {prop} some {' or '.join(str(f) for f in fillers)}"
        node = _bnode(role, key)
        add = self.out.append
        add(ox.Triple(node, _TYPE, _RESTRICTION))
        add(ox.Triple(node, _ON_PROPERTY, prop))
        if len(fillers) == 1:
            add(ox.Triple(node, _SOME, fillers[0]))
            return node, key
        union = _bnode(role, key, "union")
        add(ox.Triple(union, _TYPE, _CLASS))
        add(ox.Triple(union, _UNION, self._rdf_list(fillers, role, key)))
        add(ox.Triple(node, _SOME, union))
        return node, key

    def _rdf_list(self, items: tuple[ox.NamedNode, ...], role: str, key: str) -> ox.BlankNode:
        cells = [_bnode(role, key, "list", str(i)) for i in range(len(items))]
        add = self.out.append
        for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
            add(ox.Triple(cell, _FIRST, item))
            add(ox.Triple(cell, _REST, cells[i + 1] if i + 1 < len(cells) else _NIL))
        return cells[0]

    def _defining_ontology(self, subject: ox.NamedNode) -> ox.NamedNode | None:
        """The OBO ontology an imported term comes from (``rdfs:isDefinedBy``), by its ID space."""
        text = subject.value
        if not text.startswith(OBO) or "_" not in text[len(OBO) :]:
            return None
        idspace = text[len(OBO) :].split("_", 1)[0].lower()
        return self.named(f"{OBO}{idspace}.owl")


def _bnode(*parts: str) -> ox.BlankNode:
    """A blank node named by a hash of what it stands for: same content, same name, every run."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return ox.BlankNode(f"{parts[0][:1]}{digest}")


def _n3(node: OxTerm) -> str:
    """rdflib's N3 form of ``node``, the text the blank-node names have always been hashed from.

    Equal to pyoxigraph's N-Triples form for IRIs and for literals without quotes, backslashes or
    line breaks (nearly all); the others take rdflib's own (long-quote) escaping.
    """
    if not isinstance(node, ox.Literal) or _ESCAPED.isdisjoint(node.value):
        if isinstance(node, ox.Literal) and node.language is None and node.datatype.value.endswith("#string"):
            return f'"{node.value}"'  # rdflib's plain literal carries no datatype
        return str(node)
    from calco.validate.ingest import to_rdflib

    return to_rdflib(node).n3()

