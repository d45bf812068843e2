import type { CentreStore } from '../store.js';
import type { CentreLevel } from './level.js';
import { treeStoreOf, type HarvestRun, type SourceKind } from './store.js';

/** A member centre or source as GET /api/v1/centres and the /centres page show it. */
export interface MemberView {
  url: string;
  kind: SourceKind;
  id?: string;
  name?: string;
  level?: CentreLevel;
  division?: string;
  /** ok: the last harvest succeeded; unhealthy: it failed; pending: not harvested yet. */
  health: 'ok' | 'unhealthy' | 'pending';
  everyMs?: number;
  records: number;
  lastAttempt?: string;
  lastSuccess?: string;
  failures: number;
  /** Shown to admin and centre tokens only: error texts can name hosts of the members' networks. */
  lastError?: { at?: string; message: string };
  recentRuns?: HarvestRun[];
}

export async function listMembers(store: CentreStore, detailed: boolean): Promise<MemberView[]> {
  const tree = await treeStoreOf(store);
  const [sources, counts] = await Promise.all([tree.listSources(), tree.countVia()]);
  return Promise.all(sources.map(async (s) => {
    const health: MemberView['health'] = s.failures > 0 ? 'unhealthy' : !s.lastSuccess ? 'pending' : 'ok';
    const view: MemberView = {
      url: s.url, kind: s.kind, ...(s.centreId ? { id: s.centreId } : {}), ...(s.name ? { name: s.name } : {}), ...(s.level ? { level: s.level } : {}),
      ...(s.division ? { division: s.division } : {}), health, ...(s.everyMs ? { everyMs: s.everyMs } : {}), records: counts.get(s.url) ?? 0,
      ...(s.lastAttempt ? { lastAttempt: s.lastAttempt } : {}), ...(s.lastSuccess ? { lastSuccess: s.lastSuccess } : {}), failures: s.failures,
    };
    if (detailed && s.lastError) view.lastError = { at: s.lastErrorAt, message: s.lastError };
    if (detailed) view.recentRuns = await tree.listRuns(s.url, 5);
    return view;
  }));
}
