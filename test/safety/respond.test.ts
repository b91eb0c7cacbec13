import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Json } from '../../src/core/state.js';
import { CRISIS_TTL_MS, parseSafetyMemory } from '../../src/safety/index.js';
import type { SafetyContext, SafetyMemory, SafetyResult } from '../../src/safety/index.js';
import { safety, safetyTexts } from '../support/safety.js';

const HOUR = 3_600_000;
const start = Date.UTC(2025, 0, 10, 20, 0);
const ctx = (now = start, country = 'gb') => ({ now, country });
const respond = (memory: SafetyMemory | null, text: string, context: SafetyContext) =>
  safety.respond(memory, text, context);

/** Plays messages in order, carrying the memory like the engine does through flags.safety. */
function conversation(messages: readonly string[], country = 'gb'): SafetyResult[] {
  let memory: SafetyMemory | null = null;
  return messages.map((text, i) => {
    const result = respond(memory, text, ctx(start + i * 60_000, country));
    memory = result.memory;
    return result;
  });
}

const texts = (result: SafetyResult): string =>
  'replies' in result ? result.replies.map((r) => r.text).join('\n') : '';

describe('respond', () => {
  it('should stop the flow on a serious message, ask whether the user is safe, list resources and say what Steady is', () => {
    const result = respond(null, 'I want to kill myself', ctx());
    expect(result).toMatchObject({
      kind: 'crisis',
      holdPrompts: true,
      memory: { open: true, tier: 'serious', reassurances: 0, at: start },
    });
    expect(texts(result)).toContain(safetyTexts.text('askSafe'));
    expect(texts(result)).toContain('Samaritans: call 116 123');
    expect(texts(result)).toContain('not a crisis service');
    expect(result.kind === 'crisis' && result.replies.every((r) => r.kind === 'safety')).toBe(true);
  });

  it('should name the emergency number when the danger may be now', () => {
    expect(texts(respond(null, "I'm going to kill myself tonight", ctx(start, 'us')))).toContain('please call 911');
  });

  it('should not close a crisis on one reassurance, but ask once more and list resources again', () => {
    const [, second] = conversation(['I want to die', "you misunderstood, I'm fine"]);
    expect(second).toMatchObject({ kind: 'crisis', memory: { open: true, reassurances: 1 } });
    expect(texts(second!)).toContain(safetyTexts.text('askAgain'));
    expect(texts(second!)).toContain('Samaritans');
  });

  it('should close a crisis on a second reassurance, with how to go on and /sos', () => {
    const [, , third] = conversation(['I want to die', "I'm fine", 'really, I am ok']);
    expect(third).toMatchObject({ kind: 'closed', memory: null });
    expect(texts(third!)).toContain('/menu');
    expect(texts(third!)).toContain('/sos');
  });

  it('should close a crisis at once on an explicit "yes, I\'m safe"', () => {
    expect(conversation(['I want to die', "yes, I'm safe"])[1]).toMatchObject({ kind: 'closed' });
  });

  it('should never read "I\'m not ok" as a reassurance', () => {
    const [, second] = conversation(['I want to die', "I'm not ok"]);
    expect(second).toMatchObject({ kind: 'crisis', memory: { reassurances: 0 } });
    expect(texts(second!)).toContain('116 123');
  });

  it('should re-open a crisis on a new serious message after a reassurance', () => {
    const [, , third] = conversation([
      'I want to die',
      "I'm fine",
      'no, actually I keep thinking about killing myself',
    ]);
    expect(third).toMatchObject({ kind: 'crisis', memory: { open: true, reassurances: 0 } });
  });

  it('should keep intercepting unrelated messages while a crisis is open', () => {
    const [, second] = conversation(['I have a plan to end my life', 'what should I text her?']);
    expect(second).toMatchObject({ kind: 'crisis', memory: { tier: 'imminent' } });
    expect(texts(second!)).toContain(safetyTexts.text('askSafe'));
  });

  it('should let an open crisis expire after a day, while a new serious message always intercepts', () => {
    const open = respond(null, 'I want to die', ctx()).memory;
    const later = start + CRISIS_TTL_MS + HOUR;
    expect(respond(open, 'what should I text her?', ctx(later))).toEqual({ kind: 'none', memory: null });
    expect(respond(open, 'what should I text her?', ctx(start + 2 * HOUR)).kind).toBe('crisis');
    expect(respond(open, 'I still want to die', ctx(later)).kind).toBe('crisis');
  });

  it('should check in on distress and let the flow go on', () => {
    expect(respond(null, "I can't stop crying", ctx())).toMatchObject({
      kind: 'checkIn',
      memory: null,
      replies: [{ text: safetyTexts.text('distress') }],
    });
  });

  it('should ask gently about an ambiguous phrase and escalate when the answer is yes', () => {
    const [asked, answered] = conversation(["I can't do this anymore", 'yes']);
    expect(asked).toMatchObject({ kind: 'checkIn', awaitsAnswer: true, memory: { open: false, asked: 'self' } });
    expect(answered).toMatchObject({ kind: 'crisis', memory: { open: true } });
  });

  it('should drop the question when the answer is no, and set the safety gate when a fear is confirmed', () => {
    expect(conversation(['this is killing me', 'no, just a figure of speech'])[1]).toMatchObject({
      kind: 'closed',
      memory: null,
    });
    expect(conversation(["he's going to kill me", 'yes'])[1]).toMatchObject({ kind: 'crisis', contactGate: 'safety' });
  });

  it('should carry the gate with its explanation and no crisis for legal and stalking signals', () => {
    const legal = respond(null, 'there is a restraining order against me', ctx());
    expect(legal).toMatchObject({ kind: 'checkIn', contactGate: 'legal', memory: null });
    expect(texts(legal)).toContain('family lawyer');
    expect(respond(null, "I've been reading her messages while she sleeps", ctx())).toMatchObject({
      kind: 'checkIn',
      contactGate: 'stalking',
    });
  });

  it('should carry the safety gate on a crisis about abuse or threats, with the abuse line', () => {
    const result = respond(null, 'my husband hit me again', ctx(start, 'us'));
    expect(result).toMatchObject({ kind: 'crisis', contactGate: 'safety' });
    expect(texts(result)).toContain('1-800-799-7233');
  });

  it("should answer someone else's crisis with a supportive note and resources, no takeover and no gate", () => {
    const result = respond(null, 'my wife said she wants to die', ctx(start, 'au'));
    expect(result).toMatchObject({ kind: 'checkIn', memory: null });
    expect(result.contactGate).toBeUndefined();
    expect(texts(result)).toContain('13 11 14');
  });

  it('should do nothing with ordinary talk', () => {
    expect(respond(null, 'should I text her happy birthday?', ctx())).toEqual({ kind: 'none', memory: null });
  });

  it('should keep its memory JSON and read it back from storage', () => {
    const memory = respond(null, 'I want to die', ctx()).memory;
    // The engine stores it in flags.safety, which holds JSON only.
    expectTypeOf<SafetyMemory>().toExtend<Json>();
    expect(parseSafetyMemory(JSON.parse(JSON.stringify(memory)))).toEqual(memory);
    expect(parseSafetyMemory({ open: 'yes' })).toBeNull();
  });
});

describe('no loops', () => {
  const context = { now: 1_000, country: 'gb' };
  const draft = "I can't live without you. Can we talk on Sunday about the kids?";

  it('should not ask again about words the user already said were not about hurting themselves', () => {
    const asked = safety.respond(null, draft, context);
    expect(asked).toMatchObject({ kind: 'checkIn', awaitsAnswer: true });
    const answered = safety.respond(asked.memory, "no, I'm safe, it's a figure of speech", { ...context, now: 2_000 });
    expect(answered.kind).toBe('closed');
    expect(answered.safeSaid?.length).toBeGreaterThan(0);
    const again = safety.respond(null, draft, { ...context, now: 3_000, safeSaid: answered.safeSaid ?? [] });
    expect(again.kind).toBe('none');
  });

  it('should still ask about new words, and never set aside a crisis', () => {
    const asked = safety.respond(null, draft, context);
    const known = safety.respond(asked.memory, 'no', { ...context, now: 2_000 }).safeSaid ?? [];
    expect(known.length).toBeGreaterThan(0);
    const other = safety.respond(null, "I can't go on like this", { ...context, safeSaid: known });
    expect(other.kind).toBe('checkIn');
    const crisis = safety.respond(null, `${draft} I want to kill myself.`, { ...context, safeSaid: known });
    expect(crisis.kind).toBe('crisis');
  });
});
