// What the linter reports; its own module so the linter's parts share it without importing each other.

/** Every kind of problem the linter reports; tests and tools match on these, not on messages. */
export type LintCode =
  | 'duplicate-step'
  | 'reserved-step-id'
  | 'unknown-step'
  | 'unknown-flow'
  | 'unreachable-step'
  | 'unknown-action'
  | 'wait-free-cycle'
  | 'call-cycle'
  | 'label-too-long'
  | 'text-too-long'
  | 'too-many-words'
  | 'aside-waits'
  | 'missing-sources'
  | 'unknown-source'
  | 'duplicate-option'
  | 'dead-case'
  | 'duplicate-command'
  | 'reserved-command'
  | 'bad-message';

/** One problem in the flows; `message` says what is wrong and how to fix it. `flow` is empty for a catalog, `step` then names the key. */
export interface LintIssue {
  file?: string;
  flow: string;
  step?: string;
  code: LintCode;
  message: string;
}
