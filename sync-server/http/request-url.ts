/**
 * The URL of a request target, or null when it cannot be one. `new URL(target, base)` reads `//x`
 * as a protocol-relative URL (host `x`, or a throw for `//`) and throws on many other targets a
 * client may send; the request target is always a path here (origin-form, RFC 9112 §3.2.1), so it
 * is appended to a fixed origin instead of resolved against it.
 */
const ORIGIN = 'http://localhost';

export function requestUrl(target: string | undefined): URL | null {
  const raw = target ?? '/';
  if (!raw.startsWith('/')) return null;
  try {
    return new URL(ORIGIN + raw);
  } catch {
    return null;
  }
}
