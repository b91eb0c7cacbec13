import { writeFileSync } from 'node:fs';
import { seedFingerprints } from './shingles.js';

// Regenerates test/fixtures/seed-fingerprint.txt from the source documents:
//   npm run seeds:fingerprint [-- <seeds dir>]
// Only fingerprints are written; no sentence of a source document enters the repo.
const dir = process.argv[2] ?? '../shared/seeds';
const hashes = seedFingerprints(dir);
writeFileSync('test/fixtures/seed-fingerprint.txt', `${hashes.join('\n')}\n`);
process.stdout.write(`wrote ${hashes.length} fingerprints from ${dir}\n`);
