import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES, generateClientTypes } from '../support/api-client.js';

// `pnpm --filter @roster/e2e generate:client`: rewrites clients/roster-api.ts from the BFF's live /openapi.json.
writeFileSync(CLIENT_TYPES, await generateClientTypes());
console.log(`wrote ${CLIENT_TYPES}`);
// The app leaves timers behind (rate limits, caches): the script is done.
process.exit(0);
