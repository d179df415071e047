/**
 * How every Playwright run here starts Chromium: Debian's build (Playwright's own download does not
 * work on the build machines, TOOLCHAIN.md), headless, without background traffic that would add
 * noise to the UI benchmarks. The e2e config and the UI benches share it.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
