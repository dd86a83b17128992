/**
 * Assembles the engine's WebAssembly modules that are the same for every model into files of their
 * bytes, which the engine loads without running the assembler (on a first trace that would cost
 * more than the modules save). The bytes are written as an array literal, not base64: decoding
 * base64 in V8's interpreter cost a fresh `meanfield continue` a few tenths of a millisecond.
 *   - the dense kernels (src-main/engine/wasm/dense-lu-code.ts and small-eigen-code.ts) into
 *     src-main/engine/wasm/dense-kernels-wasm.ts;
 *   - the equilibrium corrector (src-main/engine/wasm/eq-corrector-code.ts) into
 *     src-main/engine/wasm/eq-corrector-wasm.ts.
 * Run after changing their code; a test fails until then.
 *
 *   npm run wasm
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denseKernelsModule } from '../src-main/engine/wasm/dense-kernels-module';
import { eqCorrectorModule } from '../src-main/engine/wasm/eq-corrector-code';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../src-main/engine/wasm');

async function write(file: string, name: string, bytes: Uint8Array, source: string, test: string): Promise<void> {
  const out = join(dir, file);
  const text = [
    `// The WebAssembly module of ${source}: written by`,
    `// scripts/make-wasm.ts (\`npm run wasm\`); ${test} checks that it`,
    `// is what the assembler makes. ${bytes.length} bytes.`,
    `export const ${name} = (): Uint8Array => new Uint8Array([${Array.from(bytes).join(', ')}]);`,
    '',
  ].join('\n');
  writeFileSync(out, await format(text, { ...(await resolveConfig(out)), filepath: out }));
  console.log(`wrote ${out}: ${bytes.length} bytes`);
}

await write(
  'dense-kernels-wasm.ts',
  'denseKernelsWasm',
  denseKernelsModule(),
  './dense-lu-code.ts and ./small-eigen-code.ts',
  'test/main/engine/wasm/dense-kernels.test.ts',
);
await write('eq-corrector-wasm.ts', 'eqCorrectorWasm', eqCorrectorModule(), './eq-corrector-code.ts', 'test/main/engine/wasm/eq-kernel.test.ts');
