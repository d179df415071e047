/** Inline SVG icons (no icon package is installed): 16px strokes that follow currentColor. */
import type { ReactElement } from 'react';
import type { TopLevelKind } from '../../../core/model';

const PATHS = {
  object: 'M3 4.5 8 2l5 2.5v7L8 14l-5-2.5v-7ZM3 4.5 8 7l5-2.5M8 7v7',
  link: 'M6.5 9.5 9.5 6.5M5 8 3.6 9.4a2.3 2.3 0 0 0 3.2 3.2L8 11.2M11 8l1.4-1.4a2.3 2.3 0 0 0-3.2-3.2L8 4.8',
  interface: 'M2.5 8a5.5 5.5 0 1 0 11 0 5.5 5.5 0 1 0-11 0M5.5 8h5',
  shared: 'M4 4h8v8H4zM6.5 6.5h3v3h-3z',
  value: 'M3 5h10M3 8h10M3 11h6',
  struct: 'M5 3H4a1 1 0 0 0-1 1v3l-1 1 1 1v3a1 1 0 0 0 1 1h1M11 3h1a1 1 0 0 1 1 1v3l1 1-1 1v3a1 1 0 0 1-1 1h-1',
  action: 'M9 2 4 9h4l-1 5 5-7H8l1-5Z',
  search: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10ZM14 14l-3.5-3.5',
  close: 'M4 4l8 8M12 4l-8 8',
  plus: 'M8 3v10M3 8h10',
  undo: 'M5 3 2 6l3 3M2 6h7.5a3.5 3.5 0 0 1 0 7H6',
  redo: 'M11 3l3 3-3 3M14 6H6.5a3.5 3.5 0 0 0 0 7H10',
  graph: 'M4 4h3v3H4zM10 9h3v3h-3zM5.5 7v2.5a1 1 0 0 0 1 1H10M7 5.5h3.5V9',
  problems: 'M8 2 14.5 13.5h-13L8 2ZM8 6.5v3.5M8 11.8v.2',
  grip: 'M6 4h.01M10 4h.01M6 8h.01M10 8h.01M6 12h.01M10 12h.01',
  sun: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1',
  moon: 'M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z',
  file: 'M4 2h5l3 3v9H4zM9 2v3h3',
  upload: 'M8 11V3M5 6l3-3 3 3M3 12v1.5h10V12',
  download: 'M8 3v8M5 8l3 3 3-3M3 12v1.5h10V12',
  server: 'M3 3h10v4H3zM3 9h10v4H3zM5.5 5h.01M5.5 11h.01',
  sparkle: 'M8 2v3M8 11v3M2 8h3M11 8h3M4 4l2 2M10 10l2 2M4 12l2-2M10 6l2-2',
  check: 'M3 8.5 6.5 12 13 4.5',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.5 9h6l.5-9',
  copy: 'M5 5h8v8H5zM3 11V3h8',
  keyboard: 'M2 4.5h12v7H2zM4.5 7h.01M7 7h.01M9.5 7h.01M12 7h.01M5 9.5h6',
  wrench: 'M10 2.5a3 3 0 0 0-3.6 4L2.5 10.4a1.4 1.4 0 0 0 2 2L8.5 8.6a3 3 0 0 0 4-3.6L11 6.5 9.5 6 9 4.5l1-2Z',
  dot: 'M8 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, label }: { name: IconName; size?: number; label?: string }): ReactElement {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.4}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden={label ? undefined : true} role={label ? 'img' : undefined} aria-label={label}
      style={{ flex: 'none' }}>
      <path d={PATHS[name]} />
    </svg>
  );
}

export const KIND_ICON: Record<TopLevelKind, IconName> = {
  objectType: 'object', linkType: 'link', interface: 'interface', sharedProperty: 'shared',
  valueType: 'value', structType: 'struct', actionType: 'action',
};

export const KIND_LABEL: Record<TopLevelKind, { one: string; many: string }> = {
  objectType: { one: 'Object type', many: 'Object types' },
  linkType: { one: 'Link type', many: 'Link types' },
  interface: { one: 'Interface', many: 'Interfaces' },
  sharedProperty: { one: 'Shared property', many: 'Shared properties' },
  valueType: { one: 'Value type', many: 'Value types' },
  structType: { one: 'Struct type', many: 'Struct types' },
  actionType: { one: 'Action type', many: 'Action types' },
};

export function Logo(): ReactElement {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true">
      <rect x="1" y="1" width="18" height="18" rx="5" fill="var(--accent)" />
      <circle cx="7" cy="7" r="2" fill="var(--accent-fg)" /><circle cx="13" cy="13" r="2" fill="var(--accent-fg)" /><circle cx="13" cy="6" r="1.5" fill="var(--accent-fg)" />
      <path d="M7 7 13 13M7 7l6-1" stroke="var(--accent-fg)" strokeWidth="1.3" />
    </svg>
  );
}
