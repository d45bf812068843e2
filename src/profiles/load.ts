import fs from 'node:fs';
import path from 'node:path';
import { STANDARDS_DIR } from './paths.js';

export interface ProfileInfo {
  id: string;
  version: string;
  title: { zh: string; en: string };
  status?: string;
  schema: string;
  codelists: string[];
  sources: string[];
  disputed?: { elements: string[]; default: 'M' | 'O'; note: string };
}

export interface LoadedProfile {
  info: ProfileInfo;
  dir: string;
  /** The JSON Schema with profile settings applied (e.g. disputed obligations). */
  schema: Record<string, any>;
}

export interface ProfileOptions {
  /** Obligation of the disputed GB/T 21063.3 elements: "required" (default, as implementations do) or "optional". */
  disputed?: 'required' | 'optional';
}

export class UnknownProfileError extends Error {
  constructor(public profile: string, public available: string[]) {
    super(`unknown profile "${profile}"; available: ${available.join(', ')}`);
  }
}

/** Every profile shipped in standards/ (a folder with profile.json). */
export function listProfiles(standardsDir = STANDARDS_DIR): ProfileInfo[] {
  return fs
    .readdirSync(standardsDir)
    .filter((d) => fs.existsSync(path.join(standardsDir, d, 'profile.json')))
    .sort()
    .map((d) => JSON.parse(fs.readFileSync(path.join(standardsDir, d, 'profile.json'), 'utf8')) as ProfileInfo);
}

export function loadProfile(id: string, options: ProfileOptions = {}, standardsDir = STANDARDS_DIR): LoadedProfile {
  const dir = path.join(standardsDir, id);
  const infoFile = path.join(dir, 'profile.json');
  if (!/^[a-z0-9-]+$/.test(id) || !fs.existsSync(infoFile)) {
    throw new UnknownProfileError(id, listProfiles(standardsDir).map((p) => p.id));
  }
  const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as ProfileInfo;
  const schema = JSON.parse(fs.readFileSync(path.join(dir, info.schema), 'utf8')) as Record<string, any>;
  if (info.disputed) {
    const mode = options.disputed ?? (info.disputed.default === 'M' ? 'required' : 'optional');
    if (mode === 'required') schema.required = [...new Set([...(schema.required ?? []), ...info.disputed.elements])];
  }
  return { info, dir, schema };
}
