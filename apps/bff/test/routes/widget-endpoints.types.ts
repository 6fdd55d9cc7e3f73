/**
 * Type-level check, run by the BFF's typecheck: every route the widgets call (`Endpoints` in the widgets' API
 * client) is a route of `AppType` with that method, so a renamed or removed route fails the build before a widget
 * calls it.
 */
import type { ExtractSchema } from 'hono/types';
import type { AppType } from '../../src/app.js';
import type { Endpoints } from '../../../../packages/widgets/src/internal/endpoints.js';

type Schema = ExtractSchema<AppType>;
type Served<K extends string> = K extends `${infer Method} ${infer Path}` ? (Path extends keyof Schema ? (`$${Lowercase<Method>}` extends keyof Schema[Path] ? true : false) : false) : false;
/** The keys of `Endpoints` the BFF does not serve: must be none. */
type Unserved = { [K in keyof Endpoints & string]: Served<K> extends true ? never : K }[keyof Endpoints & string];

/** Fails with the unserved routes by name ("missing the following properties"). */
export const everyWidgetEndpointIsServed: Record<Unserved, 'not served by the BFF'> = {};
