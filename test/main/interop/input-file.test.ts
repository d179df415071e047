/**
 * readInputText decodes the file's bytes itself (faster than readFileSync's 'utf8'); these pin
 * that it decodes exactly as readFileSync(path, 'utf8') does, BOM handling included.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputText } from '../../../main/services/interop/input-file';

const dir = mkdtempSync(join(tmpdir(), 'oms-input-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const BOM = [0xef, 0xbb, 0xbf];

describe('readInputText', () => {
  it('drops a leading UTF-8 BOM, and keeps it with keepBom', () => {
    const path = file('bom.json', Buffer.from([...BOM, ...Buffer.from('{"a":"é"}')]));
    expect(readInputText(path)).toBe('{"a":"é"}');
    expect(readInputText(path, { keepBom: true })).toBe('\uFEFF{"a":"é"}');
    expect(readInputText(path, { keepBom: true })).toBe(readFileSync(path, 'utf8'));
  });

  it('reads a file that is only a BOM, or a BOM cut short, as readFileSync would', () => {
    expect(readInputText(file('only-bom', Buffer.from(BOM)))).toBe('');
    const cut = file('cut-bom', Buffer.from([0xef, 0xbb]));
    expect(readInputText(cut)).toBe(readFileSync(cut, 'utf8'));
    expect(readInputText(file('empty', ''))).toBe('');
  });

  it('decodes multi-byte and invalid sequences exactly as readFileSync(path, "utf8")', () => {
    const path = file('mixed', Buffer.concat([Buffer.from('a😀ü'), Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('z')]));
    expect(readInputText(path)).toBe(readFileSync(path, 'utf8'));
    expect(readInputText(path)).toContain('\uFFFD');
  });

  it('keeps its error codes for a missing file and a directory', () => {
    expect(() => readInputText(join(dir, 'nope.json'))).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND' }));
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(() => readInputText(sub)).toThrow(expect.objectContaining({ code: 'FILE_IS_DIRECTORY' }));
  });
});
