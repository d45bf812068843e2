/**
 * The `catalog init` wizard as a small state machine: each step asks one question (or takes its answer from a
 * flag or the saved answers), checks it and says which step comes next. "Back" returns to the step answered before
 * (flag answers are not steps one can return to), which asks again with the earlier answer as its default.
 */

/** The answer "go back a step" (a question's value no real answer can take). */
export const BACK = '\0back';

/** What a step did: answered (asked or not) and where to go, went back, or ended the wizard early. */
export type StepOutcome =
  | { kind: 'answered'; /** false: taken from a flag, nothing to return to */ revisitable: boolean; next?: string }
  | { kind: 'back' }
  | { kind: 'stop' };

export interface WizardStep {
  id: string;
  /** `canGoBack`: there is a step to return to (offer "back" only then). */
  run(canGoBack: boolean): Promise<StepOutcome>;
}

/** Run the steps in order (or as their outcomes direct); resolves 'done', or 'stopped' when a step stops it. */
export async function runWizard(steps: WizardStep[]): Promise<'done' | 'stopped'> {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  // The steps one can go back to, most recent last.
  const trail: number[] = [];
  for (let i = 0; i < steps.length;) {
    const out = await steps[i].run(trail.length > 0);
    if (out.kind === 'stop') return 'stopped';
    if (out.kind === 'back') {
      i = trail.pop() ?? i;
      continue;
    }
    const next = out.next !== undefined ? index.get(out.next) : i + 1;
    if (next === undefined) throw new Error(`wizard: no step "${out.next}"`);
    // A step that sends the user to an earlier one (e.g. "enter the division again") is itself a way back.
    if (out.revisitable && next > i) trail.push(i);
    i = next;
  }
  return 'done';
}
