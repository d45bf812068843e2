import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, type WorkspaceConfig } from '../config/workspace.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { MappingTemplate } from '../mapping/template.js';

/** Everything `catalog init` asks (or takes from flags). */
export interface InitAnswers {
  name: string;
  code: string;
  division: string;
  profile: string;
  /** Directory centre URL; empty or absent when there is none yet. */
  centre?: string;
}

/** The workspace config for the answers, keeping whatever else an existing config holds (tokens, export settings…). */
export function buildConfig(answers: InitAnswers, existing: WorkspaceConfig = {}, mappingFile?: string): WorkspaceConfig {
  const config: WorkspaceConfig = {
    ...existing,
    department: { ...existing.department, name: answers.name.trim(), code: answers.code.trim().toUpperCase(), division: answers.division.trim() },
    profile: answers.profile,
  };
  if (answers.centre?.trim()) config.centre = { ...existing.centre, url: answers.centre.trim() };
  if (mappingFile) config.mapping = mappingFile;
  return config;
}

/** Read `catalog.config.json` in exactly this directory (not a parent): `init` sets up this directory. */
export function readConfigIn(dir: string): WorkspaceConfig | undefined {
  const file = path.join(dir, CONFIG_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceConfig;
}

export interface WrittenWorkspace {
  config: string;
  mapping?: string;
}

/**
 * Write the workspace: the mapping template first (when given), then catalog.config.json pointing at it.
 * Both atomically (temp + rename), so an interrupted init leaves the old files or the new ones.
 * `mappingFile` is relative to `dir`.
 */
export function writeWorkspace(dir: string, config: WorkspaceConfig, mapping?: { file: string; template: MappingTemplate }): WrittenWorkspace {
  fs.mkdirSync(dir, { recursive: true });
  const out: WrittenWorkspace = { config: path.join(dir, CONFIG_FILE) };
  if (mapping) {
    out.mapping = path.resolve(dir, mapping.file);
    fs.mkdirSync(path.dirname(out.mapping), { recursive: true });
    writeFileAtomic(out.mapping, JSON.stringify(mapping.template, null, 2) + '\n');
  }
  writeFileAtomic(out.config, JSON.stringify(config, null, 2) + '\n');
  return out;
}
