/**
 * Makes V8's code cache for the built command line (out/cli/cli.cjs.cache, read by
 * bin/load-cli.mjs): loads out/cli/cli.cjs without a cache, runs commands of every kind a user
 * runs (traces of each template in a parameter and an input, CSV output, curves, cycles, a
 * simulation, help) with their output discarded, then writes the bytecode V8 compiled meanwhile.
 * Run by scripts/build-cli.mjs in a process of its own, with V8's flags untouched: V8 takes a cache
 * only under the flags it was made with, and bin/meanfield.mjs sets its flags after loading.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { CODE_CACHE, loadCli } from '../bin/load-cli.mjs';

rmSync(CODE_CACHE, { force: true });
const { cli, script } = loadCli({ cache: false });
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const io = { stdout: discard(), stderr: discard() };
const runs = [
  ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15'],
  ['continue', '--model', 'ik_nodim', '--param', 'I_ext', '--from', '-1', '--to', '1', '--format', 'csv'],
  ['continue', '--model', 'ik_eta', '--param', 'eta', '--from', '-60', '--to', '60'],
  ['continue', '--model', 'ik_theta', '--param', 'g', '--from', '0', '--to', '30', '--format', 'csv'],
  ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0', '--to', '3', '--input', 'I_ext=0.15', '--curves', 'eta:-1:1'],
  ['continue', '--model', 'ik_nodim', '--param', 'g', '--from', '0.5', '--to', '2.5', '--input', 'I_ext=0.15', '--cycles'],
  ['simulate', '--model', 'ik_nodim', '--t-end', '50', '--dt', '0.01'],
  ['models'],
  ['--help'],
];
for (const argv of runs) {
  const code = await cli.runCli(argv, io);
  if (code !== 0) throw new Error(`code cache: \`meanfield ${argv.join(' ')}\` exited with ${code}`);
}
const data = script.createCachedData();
writeFileSync(CODE_CACHE, data);
console.log(`wrote ${CODE_CACHE}: ${data.length} bytes`);
