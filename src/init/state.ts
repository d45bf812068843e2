import fs from 'node:fs';
import path from 'node:path';
import type { ColumnAssignment } from './propose.js';

/** Answers of an unfinished `catalog init`, kept so `catalog init --resume` starts where the user stopped. */
export interface InitState {
  name?: string;
  code?: string;
  division?: string;
  profile?: string;
  centre?: string;
  sheetFile?: string;
  columns?: ColumnAssignment[];
}

/** The state file in the workspace (hidden; removed when init writes the workspace). */
export const STATE_FILE = '.catalog-init.state.json';

export function statePath(dir: string): string {
  return path.join(dir, STATE_FILE);
}

/** The saved answers, or undefined when there are none (or the file is not ours to read). */
export function loadState(dir: string): InitState | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(statePath(dir), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as InitState) : undefined;
  } catch {
    return undefined;
  }
}

/** Save one more answer (written to a temp file and renamed, so a Ctrl-C never leaves half a file). */
export function saveAnswer<K extends keyof InitState>(dir: string, state: InitState, key: K, value: InitState[K]): void {
  state[key] = value;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${statePath(dir)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, statePath(dir));
}

export function removeState(dir: string): void {
  fs.rmSync(statePath(dir), { force: true });
}
