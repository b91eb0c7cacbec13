/** Steady's safety layer: screening, crisis memory and replies, resources and the contact gate. */
export type {
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
export { normalizeForSafety } from './normalize.js';
export { screen } from './screen.js';
export { respond } from './respond.js';
export { activeMemory, CRISIS_TTL_MS, parseSafetyMemory, QUESTION_TTL_MS } from './memory.js';
export { gateText, resourcesText, type ResourceFocus } from './replies.js';
export { GATE_TEXTS, SAFETY_TEXTS } from './texts.js';
export { countryFromLocale, INTERNATIONAL, RESOURCES, SAFETY_COUNTRIES, type SafetyCountry } from './resources.js';
