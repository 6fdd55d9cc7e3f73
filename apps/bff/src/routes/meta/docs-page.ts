import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * `/docs`: the API reference, rendered from /openapi.json by Swagger UI (swagger-ui-dist), served from this
 * process — no CDN: deployments may be on closed networks, and an admin origin must not pull third-party scripts.
 *
 * Swagger UI was chosen because it runs under the strictest policy: no inline script, no eval, and no inline style
 * (its styles are one stylesheet; React sets the few dynamic ones through the CSSOM, which CSP does not govern).
 * Redoc and Scalar insert <style> elements at run time (style-src 'unsafe-inline' or a nonce), Scalar also fetches
 * fonts and a registry from its own hosts.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Swagger UI's stylesheet draws its icons as data: SVG.
  "img-src 'self' data:",
  // The document, and "Try it out" against this same origin.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Roster API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body><main id="reference" data-spec="openapi.json"><noscript>The reference needs JavaScript; the raw document is <a href="openapi.json">openapi.json</a>.</noscript></main>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/reference.js"></script>
</body></html>`;

/** Starts Swagger UI on the page: a file, since the policy admits no inline script. */
const referenceScript = `SwaggerUIBundle({
  url: document.getElementById('reference').dataset.spec,
  dom_id: '#reference',
  deepLinking: true,
  defaultModelsExpandDepth: 0,
});
`;

const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The page's files; anything else under /docs/ is a 404. */
export const docsAssets: Record<string, { type: string; load: () => Promise<string> }> = {
  'swagger-ui.css': { type: 'text/css; charset=utf-8', load: () => readFile(join(swaggerUi, 'swagger-ui.css'), 'utf8') },
  'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', load: () => readFile(join(swaggerUi, 'swagger-ui-bundle.js'), 'utf8') },
  'reference.js': { type: 'text/javascript; charset=utf-8', load: async () => referenceScript },
};

const loaded = new Map<string, Promise<string>>();

/** An asset's content, read once. */
export function docsAsset(name: string): { type: string; body: Promise<string> } | null {
  const asset = Object.hasOwn(docsAssets, name) ? docsAssets[name]! : null;
  if (!asset) return null;
  let body = loaded.get(name);
  if (!body) loaded.set(name, (body = asset.load()));
  return { type: asset.type, body };
}
