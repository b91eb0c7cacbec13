import { createHash } from 'node:crypto';
import { bindTexts, type Catalogs } from '../core/catalog.js';
import type { ContentData } from '../core/content.js';
import { SAFETY_MESSAGES } from './messages.js';
import { loadClassifier } from './classifier.js';
import { loadPatterns } from './patterns.js';
import { gateText, resourcesText, type ResourceFocus, type Voice } from './replies.js';
import { isKnownCountry, readSupportLines } from './resources.js';
import { respond, type Responder } from './respond.js';
import { sentencesOf } from './nlp.js';
import { prepareText, screen } from './screen.js';
import type { GateReason, SafetyContext, SafetyMemory, SafetyResult, Screening } from './types.js';

/** A short hash of one normalised sentence: what is remembered instead of the words. */
function hashSentence(sentence: string): string {
  const words = sentence
    .replace(/[^a-z0-9' ]/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
  return createHash('sha256').update(words).digest('base64url').slice(0, 16);
}

/** What the safety layer is built from: the catalogs (its words) and the data files (its patterns and lines). */
export interface SafetyContent {
  catalogs: Catalogs;
  data: ReadonlyMap<string, ContentData>;
}

/** Steady's safety layer, built once from its data; every method is pure and needs no store. */
export interface Safety {
  /** What one message shows: the rules and the classifier, combined into one confidence. */
  screen(text: string): Screening;
  /** What Steady does with one free-text message before any flow sees it; see {@link respond}. */
  respond(memory: SafetyMemory | null, text: string, context: SafetyContext): SafetyResult;
  /** The places a user in `country` can reach, as plain text, led by the services `focus` names. */
  resourcesText(country: string, focus?: ResourceFocus): string;
  /** The kind explanation of why Steady no longer helps with contacting the spouse. */
  gateText(reason: GateReason): string;
  /** Whether Steady has support lines of its own for `country` (any case, aliases allowed). */
  knowsCountry(country: string): boolean;
}

/**
 * Builds the safety layer: binds its catalog, reads the support lines, and checks and compiles every pattern,
 * once. Throws a SteadyError (Catalog, or FlowParse naming the file) when any of it is missing or broken, so
 * screening can never quietly be switched off by a bad edit.
 */
export function createSafety(content: SafetyContent): Safety {
  const voice: Voice = { texts: bindTexts(SAFETY_MESSAGES, content.catalogs), lines: readSupportLines(content.data) };
  const patterns = loadPatterns(content.data);
  const classifier = loadClassifier(content.data);
  const responder: Responder = {
    screen: (text) => screen(patterns, text, classifier),
    sentencesOf: (text) => sentencesOf(prepareText(patterns, text)).map((sentence) => sentence.text.trim()),
    sentenceHashes: (text) => sentencesOf(prepareText(patterns, text)).map((sentence) => hashSentence(sentence.text)),
    answers: patterns.language.answers,
    voice,
  };
  return {
    screen: responder.screen,
    respond: (memory, text, context) => respond(responder, memory, text, context),
    resourcesText: (country, focus) => resourcesText(voice, country, focus),
    gateText: (reason) => gateText(voice.texts, reason),
    knowsCountry: (country) => isKnownCountry(voice.lines, country),
  };
}
