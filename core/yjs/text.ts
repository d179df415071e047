/**
 * Minimal Y.Text edits: replacing a description with a new string touches only the changed middle
 * (common prefix and suffix kept), so a concurrent edit elsewhere in the text survives a merge,
 * revert or import landing on the same text.
 */
import type * as Y from 'yjs';

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

export interface TextSplice {
  index: number;
  remove: number;
  insert: string;
}

/** The single splice turning `from` into `to`, never cutting a surrogate pair; undefined if equal. */
export function textSplice(from: string, to: string): TextSplice | undefined {
  if (from === to) return undefined;
  const max = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(from.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLow(from.charCodeAt(from.length - suffix))) suffix--;
  return { index: prefix, remove: from.length - prefix - suffix, insert: to.slice(prefix, to.length - suffix) };
}

/** Whether `index` falls between the two halves of a surrogate pair. */
export function splitsSurrogate(text: string, index: number): boolean {
  return index > 0 && index < text.length && isHigh(text.charCodeAt(index - 1)) && isLow(text.charCodeAt(index));
}

export function setText(text: Y.Text, to: string): void {
  const splice = textSplice(text.toString(), to);
  if (!splice) return;
  if (splice.remove > 0) text.delete(splice.index, splice.remove);
  if (splice.insert) text.insert(splice.index, splice.insert);
}
