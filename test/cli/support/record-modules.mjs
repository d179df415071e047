// Preloaded with --import: records every module URL the process resolves, written on exit to
// $OMS_RECORD_MODULES, so a test can see what a command loaded (start-up cost is what it imports).
// Built-ins reached through process.getBuiltinModule resolve nothing; they are listed from
// process.moduleLoadList as `builtin:<name>` (e.g. builtin:crypto).
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
const builtins = () => process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => `builtin:${m.slice('NativeModule '.length)}`);
process.on('exit', () => writeFileSync(process.env.OMS_RECORD_MODULES, [...seen, ...builtins()].join('\n')));
