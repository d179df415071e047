/**
 * zod settings for a CLI run, loaded by main before any command module builds its schemas (zod
 * reads `jitless` when it constructs an object schema, not when it parses).
 *
 * jitless: zod otherwise compiles a parser for each object schema on its first parse (new
 * Function). A run parses each shape zod handles a handful of times (options, struct and action
 * types; the hot shapes of an ontology go through core/model/fast-parse), so the compiling cost
 * more than it saved: ~10 ms of `oms validate` on the airline example, and no measurable difference
 * parsing 20k struct and action types.
 */
import { config } from 'zod';

config({ jitless: true });
