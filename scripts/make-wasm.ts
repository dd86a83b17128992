/**
 * Assembles the engine's WebAssembly modules that are the same for every model into base64 files
 * the engine loads without running the assembler, which on a first trace would cost more than the
 * modules save:
 *   - the dense kernels (src-main/engine/wasm/dense-lu-code.ts and small-eigen-code.ts) into
 *     src-main/engine/wasm/dense-kernels-wasm.ts;
 *   - the equilibrium corrector (src-main/engine/wasm/eq-corrector-code.ts) into
 *     src-main/engine/wasm/eq-corrector-wasm.ts.
 * Run after changing their code; a test fails until then.
 *
 *   npm run wasm
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denseKernelsModule } from '../src-main/engine/wasm/dense-kernels-module';
import { eqCorrectorModule } from '../src-main/engine/wasm/eq-corrector-code';
import { encodeBase64 } from '@shared/project/base64';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../src-main/engine/wasm');

function write(file: string, name: string, bytes: Uint8Array, source: string, test: string): void {
  const text = encodeBase64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 96) lines.push(`  '${text.slice(i, i + 96)}'`);
  const out = join(dir, file);
  writeFileSync(
    out,
    [
      `// The WebAssembly module of ${source}, as base64: written by`,
      `// scripts/make-wasm.ts (\`npm run wasm\`); ${test} checks that it`,
      `// is what the assembler makes. ${bytes.length} bytes.`,
      `export const ${name} =`,
      `${lines.join(' +\n')};`,
      '',
    ].join('\n'),
  );
  console.log(`wrote ${out}: ${bytes.length} bytes`);
}

write(
  'dense-kernels-wasm.ts',
  'DENSE_KERNELS_WASM',
  denseKernelsModule(),
  './dense-lu-code.ts and ./small-eigen-code.ts',
  'test/main/engine/wasm/dense-kernels.test.ts',
);
write('eq-corrector-wasm.ts', 'EQ_CORRECTOR_WASM', eqCorrectorModule(), './eq-corrector-code.ts', 'test/main/engine/wasm/eq-kernel.test.ts');
