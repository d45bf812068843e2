import fs from 'node:fs';
import path from 'node:path';

/**
 * The workspace config, `catalog.config.json` in the working directory (or the nearest parent),
 * written by `catalog init`. Mapping defaults, exports, pack and publish read it.
 */
export interface WorkspaceConfig {
  department?: {
    /** 部门名称 → default provider.name */
    name?: string;
    /** 统一社会信用代码 (GB 32100) or 组织机构代码 → default provider.code */
    code?: string;
    /** GB/T 2260 行政区划代码 → default record.division */
    division?: string;
    address?: string;
  };
  /** Default profile id (guide2017 | gbt21063-3). */
  profile?: string;
  centre?: {
    url?: string;
    /** Prefer the CATALOG_TOKEN environment variable; never printed or logged. */
    token?: string;
  };
  /** Project Open Data needs US-federal codes; taken from here and reported when missing. */
  export?: { bureauCode?: string[]; programCode?: string[]; publisherName?: string; baseUri?: string; contactEmail?: string; ckanOwnerOrg?: string };
  /** Default mapping template path for `catalog map`/`validate` on spreadsheets. */
  mapping?: string;
  /** Path of the validation rule config (severity per rule). */
  rules?: string;
}

export const CONFIG_FILE = 'catalog.config.json';

/** Find the config from `dir` upwards; returns {} with no path when there is none. */
export function loadWorkspaceConfig(dir = process.cwd()): { config: WorkspaceConfig; path?: string } {
  let cur = path.resolve(dir);
  for (;;) {
    const file = path.join(cur, CONFIG_FILE);
    if (fs.existsSync(file)) return { config: JSON.parse(fs.readFileSync(file, 'utf8')) as WorkspaceConfig, path: file };
    const up = path.dirname(cur);
    if (up === cur) return { config: {} };
    cur = up;
  }
}
