import diagnostics_channel from 'node:diagnostics_channel';

/**
 * The phases of a registration (package intake or records batch), published on a diagnostics channel so a
 * benchmark can attribute event-loop delay to each phase (bench/speed-task.mjs). Costs nothing without a subscriber.
 * - receive: the body is streamed to a temp file; verify: the package is verified (streaming pass);
 * - check: keys, stored state and ownership of every record; validate: each record validated;
 * - apply: the changes written (store.applyAll); answer: the answer stored and sent; done.
 */
export type IntakePhase = 'receive' | 'verify' | 'check' | 'validate' | 'apply' | 'answer' | 'done';

export const INTAKE_CHANNEL = 'catalog:centre:intake';
const channel = diagnostics_channel.channel(INTAKE_CHANNEL);

/** Say that phase `phase` starts now (performance.now() time base). */
export function intakePhase(phase: IntakePhase): void {
  if (channel.hasSubscribers) channel.publish({ phase, at: performance.now() });
}
