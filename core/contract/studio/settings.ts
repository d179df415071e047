/** User settings, kept in the store directory (settings.json) so the web host and Electron share them. */
import { z } from 'zod';
import { EmptySchema } from './wire';

export const SettingsSchema = z.strictObject({
  author: z.strictObject({ name: z.string().min(1).max(200), email: z.string().max(320).optional() }).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  /** Workspace to reopen at start-up. */
  lastWorkspace: z.string().max(64).optional(),
  /** Branch each workspace was last on (branch.switch writes it). */
  lastBranch: z.record(z.string().max(64), z.string().max(100)).optional(),
  /** Delay before an open doc is validated after a change (ms). */
  validateDelayMs: z.number().int().min(0).max(60_000).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const settingsApi = {
  'settings.get': { input: EmptySchema, output: SettingsSchema },
  /** Shallow patch: keys present replace the stored value, `null` is not accepted (send the whole object). */
  'settings.set': { input: z.strictObject({ patch: SettingsSchema }), output: SettingsSchema },
} as const;
