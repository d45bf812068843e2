// Build step (npm run build, after tsc): bundle the CLI's start-up path into one chunk, dist/cli-bundle/.
//
// Why: on Node 20 every ES module costs ~0.6 ms of loader work (resolve, an async read on the thread pool, link), and
// `catalog validate` of a small file loaded 41 of ours; bundled, it uses ~15 % less CPU (bench: start-up). Node 22's
// compile cache would help, but Node 20 has none. So the modules that `catalog` and `catalog validate` always load
// (the static import closure of cli/main.js and cli/validate.js) become one chunk; every other module is in a lazily
// loaded chunk, and each module is in exactly one chunk, so no class or registry exists twice (an `instanceof
// CliError` or the temp-file registry of Ctrl-C would break if one did). Packages stay external. bin/catalog loads
// this bundle when it is at least as new as dist/cli/main.js, else the tsc output itself.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const outDir = path.join(dist, 'cli-bundle');
const STARTUP_ROOTS = ['cli/main.js', 'cli/validate.js'].map((f) => path.join(dist, f));

/** The modules reachable from the roots by static imports, from the bundler's own module graph. */
function staticClosure(info, roots) {
  const seen = new Set();
  const visit = (id) => {
    if (seen.has(id) || !path.isAbsolute(id) || !info(id)) return; // packages and built-ins are not bundled
    seen.add(id);
    for (const dep of info(id).importedIds) visit(dep);
  };
  roots.forEach(visit);
  return seen;
}

let startup = new Set();
const plugins = [
  {
    name: 'start-up-closure',
    buildEnd() {
      startup = staticClosure((id) => this.getModuleInfo(id), STARTUP_ROOTS);
    },
  },
  {
    // Modules find their data next to themselves (messages.json, precompiled validators, worker scripts): each
    // `import.meta.url` still names the module's own file in dist/, not the chunk it was bundled into.
    name: 'own-import-meta-url',
    transform(code, id) {
      if (!code.includes('import.meta.url')) return null;
      const rel = path.relative(outDir, id).split(path.sep).join('/');
      return code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
    },
  },
];

fs.rmSync(outDir, { recursive: true, force: true });
const bundle = await rolldown({
  input: { main: STARTUP_ROOTS[0] },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
  plugins,
});
await bundle.write({ dir: outDir, format: 'esm', codeSplitting: { groups: [{ name: 'startup', test: (id) => startup.has(id) }] } });
await bundle.close();
console.error(`bundled the CLI: ${startup.size} start-up modules in one chunk, ${fs.readdirSync(outDir).length} chunks in dist/cli-bundle/`);
