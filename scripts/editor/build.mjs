// Bundle src/editor.js (CodeMirror 6) into tremplin/static/editor/: one small entry, one chunk
// per language, minified, plus LICENSES.txt for every bundled package and SOURCES.sha256. Run through
// scripts/build-editor.sh, after `npm ci` has installed exactly what package-lock.json pins.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const out = join(here, "..", "..", "tremplin", "static", "editor");

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

// The same digest as tests/web/test_editor_asset.py computes: the committed bundle must come
// from the committed sources and lockfile.
export function inputsDigest() {
  const hash = createHash("sha256");
  const files = ["build.mjs", "package.json", "package-lock.json", ...sources(join(here, "src")).map((f) => relative(here, f))];
  for (const name of files) {
    hash.update(name.split("\\").join("/") + "\0");
    hash.update(readFileSync(join(here, name)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function licences(inputs) {
  const packages = new Map();
  for (const file of Object.keys(inputs)) {
    const match = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) packages.set(match[1], join(here, "node_modules", match[1]));
  }
  const parts = [];
  for (const [name, dir] of [...packages].sort()) {
    const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${meta.license}`;
    parts.push(`${name}@${meta.version} (${meta.license})\n\n${text}\n`);
  }
  return "Packages bundled in this folder, with their licences.\n\n" + parts.join("\n" + "-".repeat(72) + "\n\n");
}

const digest = inputsDigest();
if (existsSync(out)) rmSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, "src", "editor.js")],
  bundle: true,
  format: "esm",
  splitting: true,
  minify: true,
  target: "es2020",
  outdir: out,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "info",
});
writeFileSync(join(out, "LICENSES.txt"), licences(result.metafile.inputs));
// Kept beside the bundle rather than in it, so that chunks whose code did not change keep
// their names (and browsers' caches) across rebuilds.
writeFileSync(join(out, "SOURCES.sha256"), digest + "\n");
