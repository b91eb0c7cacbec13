import { COMMIT_LUA } from './commit-script.js';

// Many users' commits in one script call: the single-user commit script (commit-script.ts) becomes a Lua
// function, called once per user with that user's keys and arguments, so whatever the single commit
// checks and writes, each user of a batch gets exactly that. Each call is protected on its own: a user
// whose commit fails (a key of the wrong type, say) reports an error and the others still commit.
//
// KEYS: each user's keys in turn, `ARGV[1]` of them per user. ARGV[1] keys per user, then per user: the
// count of its arguments, followed by those arguments (commitArgv's, keys left out). Returns one reply per
// user, in order: what the single script returned, or `error:<message>`.

/** The Lua source of the batch commit script, built from {@link COMMIT_LUA}. */
export const BATCH_COMMIT_LUA = `
local function commit(KEYS, ARGV)
${COMMIT_LUA}
end
local per = tonumber(ARGV[1])
local at = 2
local out = {}
for i = 1, #KEYS / per do
  local keys = {}
  for j = 1, per do keys[j] = KEYS[(i - 1) * per + j] end
  local n = tonumber(ARGV[at])
  local args = {unpack(ARGV, at + 1, at + n)}
  at = at + n + 1
  local ok, reply = pcall(commit, keys, args)
  if ok then
    out[i] = reply
  elseif type(reply) == 'table' and reply.err then
    out[i] = 'error:'..reply.err
  else
    out[i] = 'error:'..tostring(reply)
  end
end
return out
`;

/** One user's part of a batch: the single commit's argv (keys first), and how many of its items are keys. */
export interface BatchPart {
  argv: readonly (string | number | Buffer)[];
  keyCount: number;
}

/** The batch script's arguments (all keys, then all arguments) for `parts`, which must share one key count. */
export function batchArgv(parts: readonly BatchPart[]): (string | number | Buffer)[] {
  const per = parts[0]?.keyCount ?? 0;
  const keys: (string | number | Buffer)[] = [];
  const args: (string | number | Buffer)[] = [per];
  for (const part of parts) {
    if (part.keyCount !== per) throw new RangeError('Every commit of a batch must have the same number of keys.');
    keys.push(...part.argv.slice(0, per));
    args.push(part.argv.length - per, ...part.argv.slice(per));
  }
  return [...keys, ...args];
}
