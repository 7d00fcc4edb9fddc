// Print the N-Quads jsonld.js reads from a JSON-LD file (toRDF; any remote context is refused, never fetched).
//   node to-nquads.mjs FILE
// Exits non-zero with jsonld.js's message if the file is refused (safe mode: nothing may be dropped).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import jsonld from "jsonld";

const file = process.argv[2];
const documentLoader = async (url) => {
  throw new Error(`refused to fetch ${url}: release files must be self-contained`);
};
const nquads = await jsonld.toRDF(JSON.parse(readFileSync(file, "utf8")), {
  documentLoader,
  base: pathToFileURL(file).href,
  safe: true,
  format: "application/n-quads",
});
process.stdout.write(nquads);
