import { describe, expect, it } from 'vitest';
import { BACK, runWizard, type StepOutcome, type WizardStep } from '../../../src/init/wizard.js';

/** Steps that answer from a script of replies, recording each visit and whether "back" was offered. */
function scripted(replies: Record<string, (string | StepOutcome)[]>, fromFlag: string[] = []) {
  const visits: string[] = [];
  const offered: boolean[] = [];
  const step = (id: string): WizardStep => ({
    id,
    async run(canGoBack) {
      visits.push(id);
      offered.push(canGoBack);
      const r = replies[id]?.shift() ?? 'ok';
      if (typeof r !== 'string') return r;
      return r === BACK ? { kind: 'back' } : { kind: 'answered', revisitable: !fromFlag.includes(id) };
    },
  });
  return { visits, offered, step };
}

describe('runWizard', () => {
  it('goes forward, back two steps, and forward again; the first question offers no back', async () => {
    const s = scripted({ c: [BACK], b: ['ok', BACK] });
    expect(await runWizard(['a', 'b', 'c'].map(s.step))).toBe('done');
    expect(s.visits).toEqual(['a', 'b', 'c', 'b', 'a', 'b', 'c']);
    expect(s.offered).toEqual([false, true, true, true, false, true, true]);
  });

  it('skips steps answered by a flag when going back', async () => {
    const s = scripted({ c: [BACK] }, ['b']);
    await runWizard(['a', 'b', 'c'].map(s.step));
    expect(s.visits).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('follows a step that sends the user to an earlier one, and stops when a step stops', async () => {
    const s = scripted({ c: [{ kind: 'answered', revisitable: true, next: 'a' }], d: [{ kind: 'stop' }] });
    expect(await runWizard(['a', 'b', 'c', 'd'].map(s.step))).toBe('stopped');
    expect(s.visits).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'd']);
  });

  it('rejects a next step that does not exist', async () => {
    const s = scripted({ a: [{ kind: 'answered', revisitable: true, next: 'nope' }] });
    await expect(runWizard(['a'].map(s.step))).rejects.toThrow('no step "nope"');
  });
});
