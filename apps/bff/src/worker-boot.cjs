// The entry of Roster's own worker threads (db/pglite-thread.ts): requires the real entry named in workerData
// through the loader given in execArgv (tsx, for the TypeScript sources). In a worker thread on Node 20 only tsx's
// require hook applies, not its ESM hooks (a .ts entry file or import() of one fails), so the entry is required.
const { workerData } = require('node:worker_threads');

require(workerData.entry);
