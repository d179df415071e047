/** Output helpers: every command can print for humans or, with --json, for machines. */
export interface OutputOptions {
  json?: boolean;
}

export function emit(options: OutputOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else {
    const text = human();
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

export const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (n: number) => (s: string) => (useColor ? `\u001b[${n}m${s}\u001b[0m` : s);
export const color = { red: paint(31), yellow: paint(33), green: paint(32), cyan: paint(36), dim: paint(2), bold: paint(1) };
