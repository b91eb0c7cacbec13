/** Steady's safety layer: screening, crisis memory and replies, resources and the contact gate. */
export type {
  Concern,
  CrisisTier,
  GateReason,
  OpenCrisis,
  PendingQuestion,
  SafetyCategory,
  SafetyContext,
  SafetyDecision,
  SafetyMemory,
  SafetyResult,
  SafetyTier,
  Screening,
} from './types.js';
export { createSafety, type Safety, type SafetyContent } from './safety.js';
export { SAFETY_MESSAGES, type SafetyTexts } from './messages.js';
export { normalizeForSafety } from './normalize.js';
export { activeMemory, CRISIS_TTL_MS, parseSafetyMemory, QUESTION_TTL_MS } from './memory.js';
export type { ResourceFocus } from './replies.js';
export {
  countryFromLocale,
  findCountry,
  nameCountry,
  readSupportLines,
  SUPPORT_LINES,
  type NamedCountry,
  type SupportLines,
} from './resources.js';
export { CLASSIFIER_LABELS, SAFETY_CLASSIFIER, trainModel, type ClassifierLabel, type Example } from './classifier.js';
export { featuresOf } from './nlp.js';
export { prepareText } from './screen.js';
export { loadPatterns, SAFETY_LANGUAGE, SAFETY_RULE_FILES, type SafetyPatterns } from './patterns.js';
