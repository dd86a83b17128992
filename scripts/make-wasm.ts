/**
 * Assembles the engine's dense kernels (src-main/engine/wasm/dense-lu-code.ts and
 * small-eigen-code.ts) into src-main/engine/wasm/dense-kernels-wasm.ts, the module's bytes as
 * base64: the engine loads them without running the assembler, which on a first trace would cost
 * more than the kernels save. Run after changing the kernels' code; a test fails until then.
 *
 *   npm run wasm
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denseKernelsModule } from '../src-main/engine/wasm/dense-kernels-module';
import { encodeBase64 } from '@shared/project/base64';

const out = join(dirname(fileURLToPath(import.meta.url)), '../src-main/engine/wasm/dense-kernels-wasm.ts');
const bytes = denseKernelsModule();
const text = encodeBase64(bytes);
const lines: string[] = [];
for (let i = 0; i < text.length; i += 96) lines.push(`  '${text.slice(i, i + 96)}'`);
writeFileSync(
  out,
  [
    '// The WebAssembly module of ./dense-lu-code.ts and ./small-eigen-code.ts, as base64: written by',
    '// scripts/make-wasm.ts (`npm run wasm`); test/main/engine/wasm/dense-kernels.test.ts checks that it',
    `// is what the assembler makes. ${bytes.length} bytes.`,
    'export const DENSE_KERNELS_WASM =',
    `${lines.join(' +\n')};`,
    '',
  ].join('\n'),
);
console.log(`wrote ${out}: ${bytes.length} bytes`);
