import type { Claim, DueIndex } from './due-index.js';

/**
 * The in-process {@link DueIndex} for the embedded terminal mode, with the same semantics as the Redis one.
 * The terminal serves a handful of users, so claim and dueCount simply scan every member.
 */
export function createMemoryDueIndex(): DueIndex {
  const scores = new Map<string, number>();
  const leases = new Map<string, string>();
  const pending = new Map<string, number>();
  let seq = 0;

  const index: DueIndex = {
    async plan(member, at) {
      requireTime('at', at);
      // A leased member's score is its lease expiry; the earlier time waits for the holder's complete().
      if (leases.has(member)) {
        pending.set(member, earliest(pending.get(member), at) ?? at);
        return;
      }
      scores.set(member, earliest(scores.get(member), at) ?? at);
    },
    async claim(now, limit, leaseMs) {
      requireTime('now', now);
      requireTime('now + leaseMs', now + leaseMs);
      const due = [...scores]
        .filter(([, score]) => score <= now)
        .sort(byScoreThenMember)
        .slice(0, Math.max(0, Math.floor(limit)));
      return due.map(([member, dueAt]): Claim => {
        const token = String(++seq);
        scores.set(member, now + leaseMs);
        leases.set(member, token);
        return { member, token, dueAt };
      });
    },
    async complete(claim, nextAt) {
      if (nextAt !== null) requireTime('nextAt', nextAt);
      if (leases.get(claim.member) !== claim.token) return false;
      leases.delete(claim.member);
      const final = earliest(pending.get(claim.member), nextAt ?? undefined);
      pending.delete(claim.member);
      if (final === undefined) scores.delete(claim.member);
      else scores.set(claim.member, final);
      return true;
    },
    async completeMany(completions) {
      const done: boolean[] = [];
      for (const { claim, nextAt } of completions) done.push(await index.complete(claim, nextAt));
      return done;
    },
    async remove(member) {
      scores.delete(member);
      leases.delete(member);
      pending.delete(member);
    },
    size: async () => scores.size,
    async dueCount(now) {
      requireTime('now', now);
      return [...scores.values()].filter((score) => score <= now).length;
    },
    async nextDueAt() {
      let first: number | undefined;
      for (const score of scores.values()) first = earliest(first, score);
      return first ?? null;
    },
  };
  return index;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

// Redis orders equal scores by member bytes; base64url keys compare the same way as JS strings.
function byScoreThenMember([aMember, aScore]: [string, number], [bMember, bScore]: [string, number]): number {
  if (aScore !== bScore) return aScore - bScore;
  return aMember < bMember ? -1 : aMember > bMember ? 1 : 0;
}

// The same check as the Redis index, so both reject what Redis could not store exactly.
function requireTime(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Due index: '${name}' must be whole epoch milliseconds; got ${value}.`);
  }
}
