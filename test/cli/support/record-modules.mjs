// Preloaded with --import: records every module URL the process resolves, written on exit to
// $OMS_RECORD_MODULES, so a test can see what a command loaded (start-up cost is what it imports).
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';

const seen = [];
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    seen.push(result.url);
    return result;
  },
});
process.on('exit', () => writeFileSync(process.env.OMS_RECORD_MODULES, seen.join('\n')));
