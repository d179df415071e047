/**
 * Text from input files (names, descriptions, IRIs, error messages quoting them) can carry control
 * characters: ESC sequences that clear the screen, retitle the window or hide text, carriage returns
 * that overwrite a line, bidi overrides that reorder it. Everything oms prints goes through
 * `terminalSafe`, which writes such characters as `\uXXXX`. That spelling is also the JSON, Turtle,
 * GraphQL and TypeScript escape for the same character, so machine output (`--json`, `cat`, `export`
 * to stdout) still parses to the same value.
 */

/** C0 except tab and newline, DEL, C1, and the Unicode bidi/format controls used for spoofing. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (ch: string): string => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;

/** Our own colours (cli/output `color`): the only escape sequences that may pass, and only when colour is on. */
// eslint-disable-next-line no-control-regex -- matching ESC is the point
const OWN_SGR = /\u001b\[(?:0|1|2|31|32|33|36)m/g;

export function terminalSafe(text: string, allowOwnColours: boolean): string {
  if (!allowOwnColours) return text.replace(UNSAFE, escape);
  // Split around our colour codes so they survive while everything between them is escaped.
  let out = '';
  let last = 0;
  for (const m of text.matchAll(OWN_SGR)) {
    out += text.slice(last, m.index).replace(UNSAFE, escape) + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(UNSAFE, escape);
}

type Write = typeof process.stdout.write;

/** Route every string written to `stream` through terminalSafe (Buffers pass: oms writes none to a terminal). */
export function sanitiseStream(stream: NodeJS.WriteStream, allowOwnColours: boolean): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const safeWrite = (chunk: unknown, ...rest: unknown[]): boolean =>
    write(typeof chunk === 'string' ? terminalSafe(chunk, allowOwnColours) : chunk, ...rest);
  stream.write = safeWrite as Write;
}
