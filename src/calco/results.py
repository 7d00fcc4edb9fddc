"""Write query answers as a terminal table, CSV, TSV or SPARQL 1.1 JSON results."""

from __future__ import annotations

import csv
import io
import json

from calco.query import Answer, Binding, cell


def render(answer: Answer, output: str) -> str:
    """The answer in the requested output format."""
    if answer.kind == "ask":
        return json.dumps({"head": {}, "boolean": answer.boolean}) if output == "json" else ("true" if answer.boolean else "false")
    if answer.kind == "graph":
        return answer.turtle.decode("utf-8")
    return {"table": table, "csv": delimited, "tsv": tsv, "json": sparql_json}[output](answer)


def rows(answer: Answer) -> list[tuple[str, ...]]:
    """SELECT rows as printed cells (CURIEs for IRIs)."""
    return [tuple(cell(r.get(v)) for v in answer.variables) for r in answer.rows]


def table(answer: Answer) -> str:
    """Fixed-width text table for a terminal."""
    body = rows(answer)
    widths = [max([len(v), *(len(r[i]) for r in body)]) for i, v in enumerate(answer.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(answer.variables, widths, strict=True)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} rows{', truncated at the row limit' if answer.truncated else ''})")
    return "\n".join(lines)


def delimited(answer: Answer) -> str:
    """SPARQL 1.1 CSV results: plain values, full IRIs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(answer.variables)
    for row in answer.rows:
        writer.writerow([row[v]["value"] if v in row else "" for v in answer.variables])
    return buffer.getvalue()


def tsv(answer: Answer) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples/Turtle form."""
    lines = ["\t".join(f"?{v}" for v in answer.variables)]
    lines += ["\t".join(_ntriples(row.get(v)) for v in answer.variables) for row in answer.rows]
    return "\n".join(lines) + "\n"


def sparql_json(answer: Answer) -> str:
    """SPARQL 1.1 JSON results."""
    return json.dumps({"head": {"vars": list(answer.variables)}, "results": {"bindings": list(answer.rows)}}, ensure_ascii=False)


def _ntriples(binding: Binding | None) -> str:
    if binding is None:
        return ""
    if binding["type"] == "uri":
        return f"<{binding['value']}>"
    if binding["type"] == "bnode":
        return f"_:{binding['value']}"
    text = binding["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    if "xml:lang" in binding:
        return f'"{text}"@{binding["xml:lang"]}'
    if "datatype" in binding:
        return f'"{text}"^^<{binding["datatype"]}>'
    return f'"{text}"'
