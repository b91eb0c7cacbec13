import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../src/coach/index.js';
import { CONTACT_ACTION_NAMES } from '../../src/coach/contact/index.js';
import { readPrompts } from '../../src/coach/daily/prompts.js';
import { addDays } from '../../src/coach/daily/dates.js';
import { choosePrompt, rotatingPrompt, type Audience } from '../../src/coach/daily/select.js';
import type { Prompt } from '../../src/coach/daily/prompt-schema.js';
import { loadFlows } from '../../src/flow/loader.js';
import { marked, textsOf, walk, type Reached } from './gate-walk.js';

// The contact gate holds everywhere: once it is closed (a legal order, a safety concern, the user watching the
// spouse), nothing Steady says suggests contacting the spouse. Every flow step, every daily prompt, every review
// text and every reply kept as data is walked as a user with the gate closed meets it.

const registry = await loadFlows('flows', new Set(ACTION_NAMES));
const prompts = readPrompts(registry.data);

/**
 * Words that suggest contact with the spouse: messaging, calling or answering them, a next contact, giving them
 * space in person, a family activity with them, or Steady's own offer of help with a message.
 */
const SUGGESTS_CONTACT = new RegExp(
  [
    String.raw`\b(message|text|call|email|ring|phone|answer|reply to|write to|talk to|tell|meet|visit) (them|her|him)\b`,
    String.raw`\b(if you (do )?|your spouse )reach(es)? out\b`,
    String.raw`\bnext (contact|message|one)\b`,
    String.raw`\b(when|if) they (write|reach|text|call)`,
    String.raw`\bgiv(e|ing) (them|her|him)? ?(some |easy |more )?(space|room)`,
    String.raw`\broom for them\b`,
    String.raw`\bdoor open\b`,
    String.raw`\bfamily (activity|outing|habit|meal|time)\b`,
    String.raw`\bkeep (it|contacts?|things) (light|warm)\b`,
    String.raw`\bthink before i message\b`,
    String.raw`\bhow a contact went\b`,
    String.raw`\bstep toward them\b`,
    String.raw`\bsend (it|them)\b`,
    String.raw`\b(light|short|brief|kind|validating|practical|lighter|fewer)( \w+)?,? (messages?|contacts?|check-ins?|repl(y|ies))\b`,
    String.raw`\b(reply|answer) (briefly|kindly|brief and kind)\b`,
    String.raw`\bin touch\b`,
    String.raw`\bevery exchange\b`,
    String.raw`\beach answer\b`,
    String.raw`\bcontact like that\b`,
    String.raw`\bmessages about\b`,
  ].join('|'),
  'i',
);

/**
 * Texts a gated user may see although they name contact, each with the reason it suggests none. Keep this short:
 * anything else that reads like a suggestion is marked `contact: true` and put behind the gate instead.
 */
const ASKS_ONLY: Readonly<Record<string, string>> = {
  'assess/response': 'asks how past contact went; the answer shapes a plan that, gated, suggests no contact',
  'assess/doing': "lists what the user has been doing ('Giving them space'), to learn what to stop",
};

const where = (r: Reached): string => `${r.flow}/${r.step.id}`;

describe('the contact gate holds in every flow', () => {
  const closed = walk(registry, true);
  const open = walk(registry, false);

  it('should reach no step marked contact: true once the gate is closed', () => {
    expect(closed.filter((r) => marked(r.step)).map(where)).toEqual([]);
  });

  it('should reach the marked steps while the gate is open, so the walk can tell (a check on the walk itself)', () => {
    expect(open.filter((r) => marked(r.step)).length).toBeGreaterThan(20);
    expect(closed.length).toBeGreaterThan(150);
    expect(closed.map(where)).toContain('contact-gate/explain');
    expect(closed.map(where)).not.toContain('contact/purpose');
  });

  it('should show no text that suggests contact once the gate is closed', () => {
    const suggesting = closed.flatMap((r) =>
      ASKS_ONLY[where(r)] === undefined
        ? textsOf(r.step)
            .filter((t) => SUGGESTS_CONTACT.test(t))
            .map((t) => `${where(r)}: ${t}`)
        : [],
    );
    expect(suggesting).toEqual([]);
  });

  it('should find contact-suggesting words in most steps marked contact: true (a check on the word list)', () => {
    // Button labels ("Next", "Why?") say nothing either way; the step's own sentences count.
    const sentences = (r: Reached): string[] => textsOf(r.step).filter((t) => t.split(' ').length > 3);
    const markedSteps = open.filter((r) => marked(r.step) && sentences(r).length > 0);
    const caught = markedSteps.filter((r) => sentences(r).some((t) => SUGGESTS_CONTACT.test(t)));
    expect(caught.length / markedSteps.length).toBeGreaterThan(0.5);
  });

  it('should reach no draft review, rhythm or contact logging once the gate is closed', () => {
    const names: readonly string[] = CONTACT_ACTION_NAMES;
    const actions = closed.flatMap((r) =>
      r.step.type === 'action' && names.includes(r.step.action) ? [where(r)] : [],
    );
    expect(actions).toEqual([]);
  });

  it('should list only reasons for texts that the walk still reaches', () => {
    const reached = new Set(closed.map(where));
    expect(Object.keys(ASKS_ONLY).filter((key) => !reached.has(key))).toEqual([]);
  });
});

describe('the contact gate holds in the daily prompts', () => {
  const AUDIENCES: (Audience | undefined)[] = [undefined];
  for (const stance of ['intervention', 'love', 'unclear'] as const)
    for (const living of ['together', 'apart'] as const)
      for (const children of [true, false]) AUDIENCES.push({ stance, living, children });

  it('should mark every prompt whose words suggest contact', () => {
    const unmarked = prompts.filter((p) => p.contact !== true && SUGGESTS_CONTACT.test(`${p.reflection} ${p.action}`));
    expect(unmarked.map((p) => `${p.id}: ${p.reflection} ${p.action}`)).toEqual([]);
  });

  it('should never choose a contact prompt with the gate closed, over 90 days for every kind of user', () => {
    expect(
      shown(true)
        .filter((p) => p.contact === true)
        .map((p) => p.id),
    ).toEqual([]);
    expect(shown(false).some((p) => p.contact === true)).toBe(true);
  });

  // Every prompt a user of each audience is shown over 90 days, with and without stored history.
  function shown(gated: boolean): Prompt[] {
    const picked: Prompt[] = [];
    for (const audience of AUDIENCES) {
      let seen: { id: string; date: string }[] = [];
      for (let day = 0; day < 90; day += 1) {
        const today = addDays('2026-01-01', day);
        const prompt = choosePrompt(prompts, { audience, seen, today, gated });
        if (prompt) {
          picked.push(prompt);
          seen = [...seen, { id: prompt.id, date: today }];
        }
        const rotating = rotatingPrompt(prompts, audience, today, gated);
        if (rotating) picked.push(rotating);
      }
    }
    return picked;
  }
});

describe('the contact gate holds in the replies kept as data', () => {
  const data = (name: string): unknown => parse(readFileSync(`flows/locales/en/data/${name}.yaml`, 'utf8'));
  type Entry = { id: string; contact?: boolean; reply?: string; text?: string };

  it.each([
    ['listen', 'rules'],
    ['why', 'disagreements'],
  ] as const)('should mark every %s entry whose words suggest contact, so the gate leaves it out', (name, key) => {
    const entries = (data(name) as Record<string, Entry[]>)[key] ?? [];
    expect(entries.length).toBeGreaterThan(0);
    const unmarked = entries.filter((e) => e.contact !== true && SUGGESTS_CONTACT.test(e.reply ?? e.text ?? ''));
    expect(unmarked.map((e) => e.id)).toEqual([]);
  });
});
