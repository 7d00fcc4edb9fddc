// Count the distinct triples an independent JavaScript client reads from a release file.
//   node count-triples.mjs turtle FILE   (N3.js, strict Turtle)
//   node count-triples.mjs jsonld FILE   (jsonld.js toRDF; any remote context is refused, never fetched)
// Prints the count on stdout; exits non-zero with the client's message on a parse error.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import N3 from "n3";
import jsonld from "jsonld";

const [kind, file] = process.argv.slice(2);
const text = readFileSync(file, "utf8");

function key(quad) {
  return [quad.subject, quad.predicate, quad.object].map((t) => `${t.termType}:${t.value}:${t.language || ""}:${t.datatype ? t.datatype.value : ""}`).join(" ");
}

if (kind === "turtle") {
  const parser = new N3.Parser({ format: "text/turtle", baseIRI: pathToFileURL(file).href });
  const quads = parser.parse(text);
  console.log(new Set(quads.map(key)).size);
} else if (kind === "jsonld") {
  const documentLoader = async (url) => {
    throw new Error(`refused to fetch ${url}: release files must be self-contained`);
  };
  const dataset = await jsonld.toRDF(JSON.parse(text), { documentLoader, base: pathToFileURL(file).href, safe: true });
  const keys = dataset.map((q) => `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}:${q.object.language || ""}:${q.object.datatype ? q.object.datatype.value : ""}`);
  console.log(new Set(keys).size);
} else {
  console.error(`unknown kind ${kind}; use turtle or jsonld`);
  process.exit(2);
}
