/** Stable codes for every error Steady raises on purpose; logs and tests match on these, not on messages. */
export const ErrorCode = {
  Config: 'STEADY_CONFIG',
  FlowParse: 'STEADY_FLOW_PARSE',
  FlowReference: 'STEADY_FLOW_REFERENCE',
  FlowLint: 'STEADY_FLOW_LINT',
  FlowLoop: 'STEADY_FLOW_LOOP',
  UnknownAction: 'STEADY_UNKNOWN_ACTION',
  ActionFailed: 'STEADY_ACTION_FAILED',
  StoreUnavailable: 'STEADY_STORE_UNAVAILABLE',
  StoreCorrupt: 'STEADY_STORE_CORRUPT',
  Decrypt: 'STEADY_DECRYPT',
  RedisMissing: 'STEADY_REDIS_MISSING',
  Busy: 'STEADY_BUSY',
  MessageSyntax: 'STEADY_MESSAGE_SYNTAX',
  Catalog: 'STEADY_CATALOG',
} as const;

/** One of the values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error whose `code` says what kind of failure it is and whose message says what to do next. */
export class SteadyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'SteadyError';
  }
}

/** True when `error` is a {@link SteadyError} carrying `code`. */
export function hasCode(error: unknown, code: ErrorCode): error is SteadyError {
  return error instanceof SteadyError && error.code === code;
}

/** Compile-time exhaustiveness check for switches over tagged unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
