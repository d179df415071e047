/**
 * settings.json in the store directory, shared by the web host and Electron. Written atomically
 * (temp file + rename) so a crash mid-write leaves the old settings, never half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema, StudioError, type Settings } from '../../../core/contract/studio-api';

export class SettingsFile {
  private cached: Settings | undefined;

  constructor(private readonly dir: string) {}

  get file(): string {
    return join(this.dir, 'settings.json');
  }

  read(): Settings {
    if (this.cached) return this.cached;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (this.cached = {});
      throw new StudioError('INTERNAL', `cannot read ${this.file}: ${(err as Error).message}`, { file: this.file });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new StudioError('INTERNAL', `${this.file} is not valid JSON; fix or delete it`, { file: this.file });
    }
    const parsed = SettingsSchema.safeParse(json);
    if (!parsed.success) throw new StudioError('INTERNAL', `${this.file} does not match the settings schema: ${parsed.error.issues[0]?.message ?? ''}`, { file: this.file });
    return (this.cached = parsed.data);
  }

  update(patch: Settings): Settings {
    const next = SettingsSchema.parse({ ...this.read(), ...patch });
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(tmp, this.file);
    this.cached = next;
    return next;
  }
}
