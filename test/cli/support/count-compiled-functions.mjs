// Preloaded with --import: counts functions compiled from strings (`new Function`, as zod's JIT
// does for each object schema) and writes the count on exit to $OMS_COUNT_FUNCTIONS.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

let compiled = 0;
const NativeFunction = globalThis.Function;
globalThis.Function = new Proxy(NativeFunction, {
  construct(target, args, newTarget) {
    compiled++;
    return Reflect.construct(target, args, newTarget === globalThis.Function ? target : newTarget);
  },
  apply(target, self, args) {
    compiled++;
    return Reflect.apply(target, self, args);
  },
});
process.on('exit', () => writeFileSync(process.env.OMS_COUNT_FUNCTIONS, String(compiled)));
