import fs from 'node:fs';
import type { WorkspaceConfig } from '../config/workspace.js';
import { checkCentreUrl, checkCodeDivision, checkDivision, type AnswerCheck } from './checks.js';
import type { InitState } from './state.js';
import { BACK, type StepOutcome, type WizardStep } from './wizard.js';

/** One question as data: message code and params (worded at the edge), default, choices or a check. */
export interface Question {
  kind: 'input' | 'select';
  message: string;
  params?: Record<string, unknown>;
  default?: string;
  /** For 'select': each choice's value and its text (plain `label`, or a message `code` with `params`). */
  choices?: { value: string; label?: string; code?: string; params?: Record<string, unknown> }[];
  check?: (value: string) => AnswerCheck;
  /** Offer "back" (the answer BACK): there is a step before this one to return to. */
  back: boolean;
}

/** Asks one question at the edge (a terminal prompt); resolves the answer, or BACK. */
export type Ask = (q: Question) => Promise<string>;

/** The answers the steps collect (the spreadsheet's column mapping is a later step). */
export type Answers = Omit<InitState, 'columns'>;
type Key = keyof Answers;

/** A required answer that cannot be asked (no terminal, or --yes) and was given neither as a flag nor saved. */
export class MissingAnswer extends Error {
  constructor(public flag: string, public what: string, public resumed: boolean, public yes: boolean) {
    super(`missing ${flag}`);
  }
}

/** A flag (or saved answer) that fails its check: a usage error. */
export class BadAnswer extends Error {
  constructor(public check: AnswerCheck) {
    super(check.reason ?? 'bad answer');
  }
}

export interface StepContext {
  answers: Answers;
  /** Answers given as flags: checked, never asked. */
  flags: Answers;
  /** Answers kept by an earlier, cancelled init (--resume): taken, and one can go back to change them. */
  saved?: InitState;
  existing?: WorkspaceConfig;
  profiles: { id: string; label: string }[];
  interactive: boolean;
  yes: boolean;
  /** The credit-code check (worded in the user's language at the edge). */
  checkCode: (value: string) => AnswerCheck;
  ask: Ask;
  /** Something to tell the user (message code + params). */
  note: (code: string, params?: Record<string, unknown>) => void;
  /** Keep an answer for --resume. */
  remember: (key: Key, value: string | undefined) => void;
}

interface AnswerStep {
  key: Key;
  flag: string;
  /** Message code naming the answer when it is missing (required answers only). */
  what?: string;
  question: (c: StepContext) => Omit<Question, 'back'>;
  /** The answer without asking (non-interactive), when neither flag nor saved answer gives one. */
  fallback?: (c: StepContext) => string | undefined;
  /** Said after the answer (e.g. the division's name). */
  after?: (value: string, c: StepContext) => void;
}

const notEmpty = (v: string): AnswerCheck => (v.trim() ? { valid: true } : { valid: false, reason: 'init.name-empty' });
const sheetExists = (v: string): AnswerCheck => (!v.trim() || fs.existsSync(v.trim()) ? { valid: true } : { valid: false, reason: 'init.sheet-missing', params: { file: v.trim() } });
const profileOf = (c: StepContext): string => {
  const e = c.existing?.profile;
  return e && c.profiles.some((p) => p.id === e) ? e : 'guide2017';
};
const checkProfile = (c: StepContext) => (v: string): AnswerCheck =>
  c.profiles.some((p) => p.id === v) ? { valid: true } : { valid: false, reason: 'init.unknown-profile', params: { value: v, available: c.profiles.map((p) => p.id).join(', ') } };

/** The questions before the spreadsheet's mapping, in order. */
const ANSWER_STEPS: AnswerStep[] = [
  { key: 'name', flag: '--name', what: 'what.name', fallback: (c) => c.existing?.department?.name,
    question: (c) => ({ kind: 'input', message: 'init.q.name', default: c.answers.name ?? c.existing?.department?.name, check: notEmpty }) },
  { key: 'code', flag: '--code', what: 'what.code', fallback: (c) => c.existing?.department?.code,
    question: (c) => ({ kind: 'input', message: 'init.q.code', default: c.answers.code ?? c.existing?.department?.code, check: c.checkCode }) },
  { key: 'division', flag: '--division', what: 'what.division', fallback: (c) => c.existing?.department?.division,
    question: (c) => ({ kind: 'input', message: 'init.q.division', default: c.answers.division ?? c.existing?.department?.division, check: checkDivision }),
    after: (v, c) => c.note('init.division-ok', { label: checkDivision(v).label }) },
  { key: 'profile', flag: '--profile', fallback: profileOf,
    question: (c) => ({ kind: 'select', message: 'init.q.profile', default: c.answers.profile ?? profileOf(c), check: checkProfile(c),
      choices: c.profiles.map((p) => ({ value: p.id, label: `${p.id} — ${p.label}` })) }) },
  { key: 'centre', flag: '--centre', fallback: (c) => c.existing?.centre?.url,
    question: (c) => ({ kind: 'input', message: 'init.q.centre', default: c.answers.centre ?? c.existing?.centre?.url ?? '', check: checkCentreUrl }) },
  { key: 'sheetFile', flag: '--sheet-file',
    question: (c) => ({ kind: 'input', message: 'init.q.sheet', default: c.answers.sheetFile ?? '', check: sheetExists }) },
];

const checked = (value: string, check: ((v: string) => AnswerCheck) | undefined): string => {
  const r = check?.(value);
  if (r && !r.valid) throw new BadAnswer(r);
  return value;
};

/** One answer: from its flag, else the saved answer (first time only), else asked, else the fallback. */
function answerStep(s: AnswerStep, c: StepContext): WizardStep {
  let visited = false;
  return {
    id: s.key,
    async run(canGoBack): Promise<StepOutcome> {
      const q = s.question(c);
      const fromFlag = c.flags[s.key] !== undefined;
      let given = fromFlag ? c.flags[s.key] : visited ? undefined : c.saved?.[s.key];
      // A saved answer that no longer passes (e.g. the spreadsheet was moved) is asked again in a terminal.
      if (given !== undefined && !fromFlag && c.interactive && q.check && !q.check(given).valid) given = undefined;
      let value: string | undefined;
      if (given !== undefined) value = checked(given, q.check);
      else if (c.interactive) {
        const a = await c.ask({ ...q, back: canGoBack });
        if (a === BACK) return { kind: 'back' };
        value = a.trim() || undefined;
      } else {
        value = c.yes || !s.what ? s.fallback?.(c) : undefined;
        if (value === undefined && s.what) throw new MissingAnswer(s.flag, s.what, c.saved !== undefined, c.yes);
      }
      visited = true;
      c.answers[s.key] = value;
      c.remember(s.key, value);
      if (value !== undefined) s.after?.(value, c);
      return { kind: 'answered', revisitable: !fromFlag };
    },
  };
}

/**
 * Characters 3–8 of the credit code are a division too: a mismatch is said and, in a terminal, the user keeps the
 * division or enters it again (the division step, with the code's division as its default).
 */
function keepDivisionStep(c: StepContext): WizardStep {
  return {
    id: 'keep-division',
    async run(canGoBack): Promise<StepOutcome> {
      const { code = '', division = '' } = c.answers;
      const agree = checkCodeDivision(code, division);
      if (agree.valid) return { kind: 'answered', revisitable: false };
      c.note(agree.reason!, agree.params);
      if (!c.interactive || c.flags.division !== undefined) return { kind: 'answered', revisitable: false };
      const a = await c.ask({ kind: 'select', message: 'init.q.keep-division', params: { division }, back: canGoBack, default: 'keep',
        choices: [{ value: 'keep', code: 'init.choice.keep-division', params: { division } }, { value: 'again', code: 'init.choice.division-again', params: { inCode: agree.params?.inCode } }] });
      if (a === BACK) return { kind: 'back' };
      if (a === 'keep') return { kind: 'answered', revisitable: true };
      c.answers.division = String(agree.params?.inCode ?? '');
      return { kind: 'answered', revisitable: true, next: 'division' };
    },
  };
}

/** The steps of init before the spreadsheet's mapping: name, code, division (and its agreement with the code), profile, centre, spreadsheet. */
export function answerSteps(c: StepContext): WizardStep[] {
  const steps = ANSWER_STEPS.map((s) => answerStep(s, c));
  steps.splice(3, 0, keepDivisionStep(c));
  return steps;
}
