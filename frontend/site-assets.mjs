// Finishes the site after wasm-bindgen: gives both bundles, their JS and the stylesheet names that
// carry their content hash (so browsers may keep them for a year), lists them in
// pkg/assets.txt for the server, and writes brotli and gzip copies beside every file, so the
// server sends them as they are instead of compressing on each request.
// Usage: node frontend/site-assets.mjs <site root>
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = process.argv[2];
const pkg = join(root, "pkg");
const names = [];
for (const name of ["portico.js", "portico_bg.wasm", "portico-lite.js", "portico-lite_bg.wasm", "portico.css"]) {
  const data = readFileSync(join(pkg, name));
  const hash = createHash("sha256").update(data).digest("hex").slice(0, 16);
  const dot = name.lastIndexOf(".");
  const hashed = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  renameSync(join(pkg, name), join(pkg, hashed));
  names.push(`${name} ${hashed}`);
}
writeFileSync(join(pkg, "assets.txt"), names.join("\n") + "\n");

function compress(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      compress(path);
      continue;
    }
    if (/\.(br|gz|txt)$/.test(entry)) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    const gz = gzipSync(data, { level: 9 });
    // A copy only where it is smaller; the server then sends the file as it is.
    if (br.length < data.length) writeFileSync(path + ".br", br);
    if (gz.length < data.length) writeFileSync(path + ".gz", gz);
  }
}
compress(root);
for (const line of names) console.log(`  ${line}`);
