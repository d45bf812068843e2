#!/usr/bin/env node
// Lists functions in src/ longer than 80 lines that have no "Long because …" comment above them (developers'
// guide: functions ≤ ~80 lines; a longer one says why). Prints one "file:line name lines" per function, JSON
// with --json; exit 1 when any is listed.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const MAX_LINES = 80;
const REASON = /long because/i;

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) yield p;
  }
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return '(anonymous)';
}

/** The comments before a function, or before the statement that holds it (const x = () => …, export …). */
function leadingComments(node, text) {
  let n = node;
  while (n.parent && (ts.isVariableDeclaration(n.parent) || ts.isVariableDeclarationList(n.parent) || ts.isVariableStatement(n.parent) || ts.isPropertyAssignment(n.parent))) n = n.parent;
  return (ts.getLeadingCommentRanges(text, n.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end)).join('\n');
}

export function longFunctions(root) {
  const out = [];
  for (const file of files(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
        if (node.body) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          const lines = end - start + 1;
          if (lines > MAX_LINES && !REASON.test(leadingComments(node, text))) out.push({ file: path.relative(root, file), line: start + 1, name: nameOf(node), lines });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const list = longFunctions(process.cwd());
  if (process.argv.includes('--json')) console.log(JSON.stringify(list, null, 2));
  else for (const f of list) console.log(`${f.file}:${f.line} ${f.name} ${f.lines}`);
  process.exitCode = list.length ? 1 : 0;
}
