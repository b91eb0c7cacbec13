import { describe, expect, it } from 'vitest';
import {
  addContact,
  logContact,
  readContacts,
  recordOutcome,
  withOutcome,
  type Contact,
} from '../../../src/coach/contact/contact-log.js';
import { createState, type Json } from '../../../src/core/state.js';
import { resourcesText } from '../../support/actions.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-22T09:00:00Z');
const contact = (at: number, extra: Partial<Contact> = {}): Contact => ({
  at,
  purpose: 'reply',
  verdict: 'send',
  ...extra,
});

describe('contact log', () => {
  it('should keep only the newest entries once the cap is reached', () => {
    let contacts: Contact[] = [];
    for (let i = 0; i < 105; i++) contacts = addContact(contacts, contact(i * DAY), 100);
    expect(contacts).toHaveLength(100);
    expect(contacts[0]?.at).toBe(5 * DAY);
    expect(contacts.at(-1)?.at).toBe(104 * DAY);
  });

  it('should keep the list in time order when an older contact is logged by hand', () => {
    const contacts = addContact([contact(1 * DAY), contact(5 * DAY)], contact(3 * DAY));
    expect(contacts.map((c) => c.at)).toEqual([1 * DAY, 3 * DAY, 5 * DAY]);
  });

  it('should skip malformed entries and keep keys it does not know', () => {
    const stored = [
      { at: 2, purpose: 'x', verdict: 'send', note: 'kept' },
      { at: 'yesterday' },
      7,
      { at: 1, purpose: 'y', verdict: 'maybe' },
    ] as Json;
    expect(readContacts(stored)).toEqual([{ at: 2, purpose: 'x', verdict: 'send', note: 'kept' }]);
    expect(readContacts(undefined)).toEqual([]);
  });

  it('should record an outcome on the newest contact still waiting for one', () => {
    const contacts = [contact(1), contact(2), contact(3, { outcome: 'good', outcomeAt: 4 })];
    const updated = withOutcome(contacts, 'bad', NOW);
    expect(updated?.[1]).toMatchObject({ at: 2, outcome: 'bad', outcomeAt: NOW });
    expect(updated?.[2]).toMatchObject({ outcome: 'good', outcomeAt: 4 });
    expect(updated?.[0]?.outcome).toBeUndefined();
  });

  it('should let a later answer replace "no reply yet", and fall back to the newest contact', () => {
    expect(withOutcome([contact(1, { outcome: 'no_reply' })], 'good', NOW)?.[0]?.outcome).toBe('good');
    expect(
      withOutcome([contact(1, { outcome: 'good' }), contact(2, { outcome: 'mixed' })], 'bad', NOW)?.[1]?.outcome,
    ).toBe('bad');
    expect(withOutcome([], 'good', NOW)).toBeUndefined();
  });
});

describe('logContact action', () => {
  it('should append {at, purpose, verdict} at the turn time', () => {
    const state = { ...createState(), stats: { contacts: [contact(NOW - 3 * DAY)] as Json } };
    const result = logContact({
      state,
      vars: { purpose: 'checkin' },
      args: { purposeFrom: 'vars.purpose', verdict: 'send' },
      now: NOW,
      resourcesText,
    });
    expect(result.set?.['stats.contacts']).toEqual([
      contact(NOW - 3 * DAY),
      { at: NOW, purpose: 'checkin', verdict: 'send' },
    ]);
  });

  it('should date a contact logged by hand and keep a known outcome', () => {
    const result = logContact({
      state: createState(),
      vars: { purpose: 'practical', daysAgo: 2, outcome: 'good' },
      args: { purposeFrom: 'vars.purpose', daysAgoFrom: 'vars.daysAgo', outcomeFrom: 'vars.outcome' },
      now: NOW,
      resourcesText,
    });
    expect(result.set?.['stats.contacts']).toEqual([
      { at: NOW - 2 * DAY, purpose: 'practical', verdict: 'send', outcome: 'good', outcomeAt: NOW },
    ]);
  });
});

describe('recordOutcome action', () => {
  it('should write the outcome and say it did', () => {
    const state = { ...createState(), stats: { contacts: [contact(NOW - DAY)] as Json } };
    const result = recordOutcome({
      state,
      vars: { outcome: 'mixed' },
      args: { from: 'vars.outcome', to: 'vars.recorded' },
      now: NOW,
      resourcesText,
    });
    expect(result.set).toEqual({
      'stats.contacts': [{ ...contact(NOW - DAY), outcome: 'mixed', outcomeAt: NOW }],
      'vars.recorded': true,
    });
  });

  it('should report false when there is no contact, or the answer is not an outcome', () => {
    const none = recordOutcome({
      state: createState(),
      vars: { outcome: 'good' },
      args: { from: 'vars.outcome' },
      now: NOW,
      resourcesText,
    });
    expect(none.set).toEqual({ 'vars.recorded': false });
    const state = { ...createState(), stats: { contacts: [contact(1)] as Json } };
    expect(
      recordOutcome({ state, vars: { outcome: 'great' }, args: { from: 'vars.outcome' }, now: NOW, resourcesText }).set,
    ).toEqual({
      'vars.recorded': false,
    });
  });
});
