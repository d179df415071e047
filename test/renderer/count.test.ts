import { describe, expect, it } from 'vitest';
import { countOf } from '../../renderer/src/ui/count';

describe('countOf', () => {
  it('puts the noun in the number the count needs', () => {
    expect(countOf(0, 'error')).toBe('0 errors');
    expect(countOf(1, 'error')).toBe('1 error');
    expect(countOf(2, 'warning')).toBe('2 warnings');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
    expect(countOf(3, 'entry', 'entries')).toBe('3 entries');
  });
});
