import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A worker thread's entry file next to `base` (an import.meta.url), and the flags it needs: the BFF runs its
 * TypeScript sources under tsx (pnpm start, vitest, the benchmarks), and a worker thread does not inherit a
 * loader registered in the main thread by vitest, so `.ts` workers load tsx themselves.
 */
export function workerEntry(base: string, name: string): { filename: string; execArgv: string[] } {
  // The path, not the URL: a loader may add a query to a module's URL (tsx's tsImport adds `?tsx-namespace=…`).
  const ts = new URL(base).pathname.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./${name}.${ts ? 'ts' : 'js'}`, base));
  const execArgv = ts ? ['--import', pathToFileURL(createRequire(base).resolve('tsx')).href] : [];
  return { filename, execArgv };
}
