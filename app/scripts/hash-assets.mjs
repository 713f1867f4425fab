// Gives each site asset (CSS, JS, fonts, icons) a content-hashed name and precompresses it, at build time, so the
// site can serve it with a year-long immutable cache lifetime and without compressing anything per request.
//   node scripts/hash-assets.mjs <assets folder> <output folder>
// Writes into <output folder> (emptied first): name.<hash>.ext for every file, name.<hash>.ext.gz and .br beside
// the compressible ones when they are smaller, and manifest.tsv: one "logical path<TAB>hashed path" line per file.
// References to /assets/<path> inside CSS and JS (an ES module importing another) are rewritten to the hashed
// names first, so a file's hash covers what it loads. Only Node's own modules: zlib does gzip and brotli.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [source, output] = process.argv.slice(2);
if (!source || !output) {
  console.error('usage: node hash-assets.mjs <assets folder> <output folder>');
  process.exit(2);
}
const COMPRESSIBLE = new Set(['.css', '.js', '.mjs', '.svg', '.json', '.txt', '.map', '.ttf', '.otf', '.ico']);
const REFERENCING = new Set(['.css', '.js', '.mjs']);

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(relative(source, path).split(sep).join('/'));
  }
})(source);
const known = new Set(files);
const hashed = new Map(); // logical path → hashed path
const contents = new Map(); // logical path → final bytes

function build(logical, seen = new Set()) {
  if (hashed.has(logical)) return hashed.get(logical);
  if (seen.has(logical)) throw new Error(`assets: ${logical} references itself through others`);
  seen.add(logical);
  let bytes = readFileSync(join(source, logical));
  const ext = extname(logical);
  if (REFERENCING.has(ext)) {
    const text = bytes.toString('utf8').replace(/\/assets\/([A-Za-z0-9._\-\/]+)/g, (whole, path) =>
      known.has(path) && path !== logical ? '/assets/' + build(path, seen) : whole);
    bytes = Buffer.from(text, 'utf8');
  }
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const name = logical.slice(0, logical.length - ext.length) + '.' + hash + ext;
  hashed.set(logical, name);
  contents.set(logical, bytes);
  return name;
}

rmSync(output, { recursive: true, force: true });
let lines = '';
for (const logical of files) {
  const name = build(logical);
  const bytes = contents.get(logical);
  const target = join(output, name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  if (COMPRESSIBLE.has(extname(logical))) {
    const gz = gzipSync(bytes, { level: 9 });
    const br = brotliCompressSync(bytes, { params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    if (gz.length < bytes.length) writeFileSync(target + '.gz', gz);
    if (br.length < bytes.length) writeFileSync(target + '.br', br);
  }
  lines += `${logical}\t${name}\n`;
}
writeFileSync(join(output, 'manifest.tsv'), lines);
console.log(`assets: ${files.length} files hashed and precompressed into ${output}`);
