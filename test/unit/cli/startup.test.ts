import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandOf } from '../../../src/cli/main.js';
import { BIN, ROOT, fixture, runCli } from '../../helpers/cli.js';

describe('start-up: only the command named is loaded', () => {
  it('finds the command word past global options', () => {
    expect(commandOf(['validate', 'x.jsonl'])).toBe('validate');
    expect(commandOf(['--lang', 'zh', '-q', 'pack', 'a.jsonl'])).toBe('pack');
    expect(commandOf(['--lang=en', 'verify', 'p.zip'])).toBe('verify');
    expect(commandOf(['--version'])).toBe('');
  });

  it('loads every command for help and for words it does not know (so commander can suggest)', () => {
    expect(commandOf([])).toBeUndefined();
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf(['help', 'pack'])).toBeUndefined();
    expect(commandOf(['valdate'])).toBeUndefined();
  });

  it('top-level help still lists every command; an unknown command still gets a suggestion', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'map', 'validate', 'pack', 'verify', 'diff', 'export', 'import', 'publish', 'centre', 'demo']) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const typo = runCli(['valdate']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('validate');
    expect(runCli(['--version']).stdout.trim()).toBe('0.1.0');
  });
});

/**
 * Which modules a command loads in the built CLI, seen by a module loader hook (ESM, and node: built-ins imported
 * from ESM) and by a wrapper of the CommonJS loader (files only: commander, which main.ts requires directly, and
 * what the precompiled validators require). A module list, never a timing: a heavy import that sneaks back onto
 * the start-up path fails here.
 */
function modulesLoadedBy(args: string[], lang = 'C.UTF-8'): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));
  try {
    fs.writeFileSync(path.join(dir, 'hooks.mjs'), 'export async function load(url, context, next) { process._rawDebug("LOADED " + url); return next(url, context); }\n');
    fs.writeFileSync(path.join(dir, 'register.mjs'), [
      `import Module, { register } from 'node:module';`,
      `import { pathToFileURL } from 'node:url';`,
      `register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});`,
      'const load = Module._load;',
      'Module._load = function (request, parent, isMain) {',
      '  const out = load.apply(this, arguments);',
      '  if (!Module.isBuiltin(request)) process._rawDebug("LOADED " + pathToFileURL(Module._resolveFilename(request, parent, isMain)).href);',
      '  return out;',
      '};',
    ].join('\n'));
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', LANG: lang } });
    expect(r.status, r.stderr).toBe(0);
    return [...new Set(r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7).replace(pathToFileURL(ROOT).href + '/', '')))];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Packages and built-ins that no start-up path may load (each costs 10–400 ms). */
const HEAVY = /(?:^|\/)node_modules\/(xlsx|jsonld|n3|rdfxml-streaming-parser|pg|better-sqlite3|@inquirer|inquirer|ajv\/dist\/(2020|core|compile)|saxes|fflate|iconv-lite|csv-parse)\/|^node:(crypto|zlib|http|https|worker_threads|child_process)$/;

/**
 * Our modules (the message tables are no modules: each folder's messages.json is read at the first message). The
 * built CLI runs from dist/cli-bundle/ (scripts/bundle-cli.mjs): its start-up path is one chunk, each other module
 * a chunk loaded when needed.
 */
function ours(loaded: string[]): string[] {
  const mine = loaded.filter((m) => m.startsWith('dist/'));
  expect(mine.filter((m) => !m.startsWith('dist/cli-bundle/')), 'a module loaded from outside the bundle').toEqual([]);
  return mine;
}

describe('start-up: the modules a quick command loads', () => {
  it('catalog --version: the launcher, main and commander only', () => {
    const loaded = modulesLoadedBy(['--version']);
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
    // commander, as CommonJS (required directly: its ESM wrapper costs a CommonJS export lexer pass)
    expect(loaded.filter((m) => /(?:^|\/)node_modules\/commander\//.test(m))).not.toContainEqual(expect.stringMatching(/esm\.mjs$/));
    expect(loaded).toContainEqual(expect.stringMatching(/(?:^|\/)node_modules\/commander\/index\.js$/));
    // no message table is compiled as a module (they are JSON, read when a message is printed)
    expect(loaded.filter((m) => m.endsWith('messages.js'))).toEqual([]);
    // the bundle's entry and its start-up chunk; the zh help table only under zh
    const helpZh = /^dist\/cli-bundle\/help-zh-[^/]+\.js$/;
    expect(ours(loaded).filter((m) => helpZh.test(m))).toEqual([]);
    expect(ours(loaded).length, ours(loaded).join(' ')).toBeLessThanOrEqual(2);
    const zh = modulesLoadedBy(['--version'], 'zh_CN.UTF-8');
    expect(ours(zh).filter((m) => helpZh.test(m))).toHaveLength(1);
    expect(ours(zh).length, ours(zh).join(' ')).toBeLessThanOrEqual(3);
  });

  it('catalog validate of a JSONL file: no workbook, RDF, database, prompt, zip or crypto module, 3 chunks of ours', () => {
    const loaded = modulesLoadedBy(['validate', fixture('records', 'valid-guide2017.jsonl')]);
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
    // the precompiled validator needs only ajv's runtime helpers and ajv-formats' format checks
    expect(loaded.filter((m) => /(?:^|\/)node_modules\/ajv/.test(m)).map((m) => m.replace(/^(?:.*\/)?node_modules\//, ''))).toEqual(['ajv/dist/runtime/ucs2length.js', 'ajv-formats/dist/formats.js']);
    // the entry, the start-up chunk (main's and validate's static imports, validation among them) and validate's
    // command module
    const startup = ours(loaded).find((m) => /^dist\/cli-bundle\/startup-[^/]+\.js$/.test(m));
    expect(startup, ours(loaded).join(' ')).toBeDefined();
    expect(fs.readFileSync(path.join(ROOT, startup!), 'utf8')).toContain('function validateRecords(');
    expect(ours(loaded)).toContainEqual(expect.stringMatching(/^dist\/cli-bundle\/validate-[^/]+\.js$/));
    expect(ours(loaded).length, ours(loaded).join(' ')).toBeLessThanOrEqual(3);
  });
});

describe('start-up: the launcher picks the bundle only when it is current', () => {
  /** A copy of bin/catalog over a dist/ whose two entries say which one ran. */
  function launch(bundleAge: 'newer' | 'older' | 'missing'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
    try {
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.copyFileSync(BIN, path.join(dir, 'bin', 'catalog'));
      fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
      const entry = (rel: string, word: string, time: number) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), `export function main() { process.stdout.write(${JSON.stringify(word)}); }\n`);
        fs.utimesSync(path.join(dir, rel), time, time);
      };
      entry('dist/cli/main.js', 'modules', 1_000_000);
      if (bundleAge !== 'missing') entry('dist/cli-bundle/main.js', 'bundle', bundleAge === 'newer' ? 1_000_010 : 999_990);
      const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'catalog')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('runs the bundle made after tsc, and the tsc output when tsc ran since (or there is no bundle)', () => {
    expect(launch('newer')).toBe('bundle');
    expect(launch('older')).toBe('modules');
    expect(launch('missing')).toBe('modules');
  });
});
