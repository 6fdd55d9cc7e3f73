import { Hono, type Context } from 'hono';
import type { Services } from '../../services/context.js';
import { ApiError, notFound } from '../../errors.js';
import { describe } from '../../openapi/describe.js';
import { widgetAssets, type WidgetFile } from './widget-assets.js';

const YEAR = 365 * 24 * 3600;

const script = { description: 'The file', content: { 'text/javascript': { schema: { type: 'string' as const } } } };
const fileParameter = { name: 'file', in: 'path' as const, required: true, schema: { type: 'string' as const }, description: 'A file the build manifest lists' };

/**
 * `/widgets/`: the built elements, for host pages on any origin. A script needs no credentials, so any origin may
 * read it (`Access-Control-Allow-Origin: *`, which module scripts, their chunks and the import worker's bootstrap
 * fetch with CORS) and embed it (`Cross-Origin-Resource-Policy: cross-origin`, set for the whole app). Content-hashed
 * chunks are cached for a year (`immutable`); the entry (`roster-widgets.js`) and `manifest.json` — every file with its
 * SRI hash, for hosts that pin `integrity` — are revalidated with a strong ETag on each load.
 */
export function widgetRoutes(s: Services) {
  const assets = widgetAssets(s.config.widgetsDir);

  const serve = (c: Context, path: string) => {
    const file = assets.get(path);
    if (!file) {
      if (!assets.built()) throw new ApiError('service_unavailable', 'The widget bundle is not built on this server: run `pnpm --filter @roster/widgets build`.');
      throw notFound('File');
    }
    return answer(c, file);
  };

  return new Hono()
    .get(
      '/:file',
      describe({
        operationId: 'getWidgetFile', tag: 'Widgets', summary: 'The elements’ entry (roster-widgets.js), its chunks, source maps and manifest.json (SRI hashes)',
        parameters: [fileParameter], responses: { 200: script, 304: { description: 'Not modified (the ETag matched)' } }, errors: [404, 503], database: false,
      }),
      (c) => serve(c, c.req.param('file')),
    )
    .get(
      '/assets/:file',
      describe({
        operationId: 'getWidgetWorkerFile', tag: 'Widgets', summary: 'The import worker and its source map',
        parameters: [fileParameter], responses: { 200: script, 304: { description: 'Not modified (the ETag matched)' } }, errors: [404, 503], database: false,
      }),
      (c) => serve(c, `assets/${c.req.param('file')}`),
    );
}

function answer(c: Context, file: WidgetFile) {
  const headers: Record<string, string> = {
    'content-type': file.type,
    'access-control-allow-origin': '*',
    etag: file.etag,
    'cache-control': file.immutable ? `public, max-age=${YEAR}, immutable` : 'public, no-cache',
  };
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) return c.body(null, 304, headers);
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers);
}
