/**
 * The due index: which users must be looked at, and when. One member per user (the pseudonymous user
 * key), scored by the earliest time something of theirs may be due. What exactly is due is read from
 * the user's own state when the member is claimed, so waking a member too early only costs one look;
 * waking it too late would delay a message, which is why {@link DueIndex.plan} only ever moves a time earlier.
 */
export interface DueIndex {
  /** Makes sure `member` is looked at no later than `at`; an earlier time already planned stays. */
  plan(member: string, at: number): Promise<void>;
  /**
   * Takes up to `limit` members due at `now` (oldest first), each leased until `now + leaseMs`.
   * While leased a member is invisible to other claims; once the lease runs out it is due again.
   */
  claim(now: number, limit: number, leaseMs: number): Promise<Claim[]>;
  /**
   * Ends a claim: the member is next due at `nextAt` (or at a time planned while it was leased, if that is
   * earlier), or leaves the index when both are absent. Returns false, changing nothing, if the lease was lost.
   */
  complete(claim: Claim, nextAt: number | null): Promise<boolean>;
  /** {@link complete} for many claims at once (one round trip where the index is remote); one answer per claim, in order. */
  completeMany(completions: readonly Completion[]): Promise<boolean[]>;
  /** Removes `member` with any lease or planned time (the user asked to be forgotten). */
  remove(member: string): Promise<void>;
  /** How many members the index holds. */
  size(): Promise<number>;
  /** How many members are due at `now` (leased ones with a live lease excluded), for the lag gauge. */
  dueCount(now: number): Promise<number>;
  /** The earliest time any member is due, or null when the index is empty. */
  nextDueAt(): Promise<number | null>;
}

/** One claimed member: `token` proves the lease when completing. */
export interface Claim {
  member: string;
  token: string;
  /** The time the member was due when claimed (for lag metrics). */
  dueAt: number;
}

/** One claim to complete and the time its member is next due (null: nothing planned). */
export interface Completion {
  claim: Claim;
  nextAt: number | null;
}
