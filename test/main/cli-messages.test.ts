/**
 * Messages name the option the user typed (one field-to-option map), and settings that run but
 * likely not as meant get a one-line warning on stderr.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOLVER, type SimulationRequest } from '@shared/simulation/types';
import type { SimulateOptions } from '../../src-main/cli/args';
import { issueLine, optionOfField, optionWords } from '../../src-main/cli/options';
import { duration, MANY_STEPS, NS_PER_STEP, simulateWarnings } from '../../src-main/cli/warnings';
import { ensureBuild, ROOT } from './ensure-build';
import { BIN, meanfield } from './cli-run';

const SIM = ['simulate', '--model', 'ik_nodim'];

/** Request field paths and the solver's names for its settings, which the user never typed. */
const INTERNAL = /\b(solver|settings|params|initial|inputs)\.|\btEnd\b|(^|[\s(])dt\b|\bdsMax\b|\bmaxPoints\b/;

beforeAll(() => ensureBuild());

describe('messages name the option the user typed', () => {
  it('--t-end 10 --dt 20 blames --dt (the sampling interval defaults to it), not --sample', () => {
    const r = meanfield(...SIM, '--t-end', '10', '--dt', '20');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('meanfield: --dt: must be <= --t-end (10) (got 20) (the sampling interval --sample defaults to --dt)\n');
  });

  it.each([
    // [arguments, the option blamed]
    [['--t-end', '10', '--dt', '1', '--sample', '20'], '--sample'],
    [['--t-end', '10', '--dt', '0.3', '--sample', '1'], '--sample'],
    [['--t-end', '1e6', '--dt', '1e-3', '--sample', '1e-3'], '--sample'],
    [['--t-end', '1e6', '--dt', '1e-3'], '--dt'],
    [['--t-end', '1e9', '--dt', '1e-4', '--sample', '1e5'], '--dt'],
    [['--t-end', '10', '--dt', '0.1', '--set', 'tau=0'], '--set tau'],
    [['--t-end', '10', '--dt', '0.1', '--method', 'dopri5', '--rtol', '1e-20'], '--rtol'],
  ])('%j: one line blaming %s, no internal names', (args, option) => {
    const r = meanfield(...SIM, ...args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`meanfield: ${option}: `)).toBe(true);
    expect(lines[0]).not.toMatch(INTERNAL);
  });

  it('the output limit says which options to change, by their names', () => {
    const r = meanfield(...SIM, '--t-end', '1e6', '--dt', '1e-3', '--sample', '1e-3');
    expect(r.stderr).toMatch(/increase --sample or shorten --t-end/);
  });

  it('continue blames --ds-max, --max-points and --from/--to as typed', () => {
    const base = ['continue', '--model', 'ik_nodim', '--param', 'g'];
    expect(meanfield(...base, '--from', '0', '--to', '3', '--ds-max', '1e-9').stderr).toMatch(/^meanfield: --ds-max: must be at least 1e-8/);
    expect(meanfield(...base, '--from', '0', '--to', '3', '--max-points', '200000').stderr).toMatch(
      /^meanfield: --max-points: must be a whole number from 1 to/,
    );
    const range = meanfield(...base, '--from', '1', '--to', '3');
    expect(range.stderr).toMatch(/^meanfield: --from\/--to: /);
    expect(range.stderr).not.toMatch(INTERNAL);
  });

  it('maps every request field in one place', () => {
    const windows = [{ input: 'I_ext', start: 4, stop: 6, value: 0, text: '--window I_ext:4:6=0' }];
    const cases: [string, string][] = [
      ['model', '--model'],
      ['solver.method', '--method'],
      ['solver.dt', '--dt'],
      ['solver.tEnd', '--t-end'],
      ['solver.sample', '--sample'],
      ['solver.rtol', '--rtol'],
      ['solver.atol', '--atol'],
      ['params.g', '--set g'],
      ['initial.r', '--init r'],
      ['inputs.I_ext', '--input I_ext'],
      ['inputs.I_ext.windows[0].start', '--window I_ext:4:6=0 (START)'],
      ['param', '--param'],
      ['bounds', '--from/--to'],
      ['settings.maxPoints', '--max-points'],
      ['settings.dsMax', '--ds-max'],
    ];
    for (const [field, option] of cases) expect(optionOfField(field, { windows, sampleGiven: true })).toBe(option);
    expect(optionOfField('solver.sample', { sampleGiven: false })).toBe('--dt');
    expect(optionWords('Integration blew up: v became non-finite at t = 3 (try a smaller dt or check the parameters)')).toBe(
      'Integration blew up: v became non-finite at t = 3 (try a smaller --dt or check the parameters)',
    );
    expect(optionWords('cannot be followed to rtol = 0.001, atol = 1e-6')).toBe('cannot be followed to --rtol 0.001, --atol 1e-6');
    expect(optionWords('stopped after 5 points; raise the maximum number of points or narrow the range')).toBe(
      'stopped after 5 points; raise --max-points or narrow the range',
    );
    expect(issueLine({ field: 'solver.dt', message: 'the run would take 2e12 steps; increase solver.dt' })).toBe(
      '--dt: the run would take 2e12 steps; increase --dt',
    );
  });
});

function options(extra: Partial<SimulateOptions>): SimulateOptions {
  return { model: 'ik_nodim', set: [], init: [], inputs: [], windows: [], tEnd: 1000, dt: 5e-4, format: 'csv', ...extra };
}

function request(solver: Partial<SimulationRequest['solver']>): SimulationRequest {
  return { model: 'ik_nodim', params: {}, initial: {}, inputs: {}, solver: { ...DEFAULT_SOLVER, tEnd: 1000, dt: 5e-4, sample: 0.01, ...solver } };
}

describe('warnings', () => {
  it('a window after the end of the run, --rtol/--atol with a fixed step, more than 1e9 steps; none for a plain run', () => {
    expect(simulateWarnings(request({ method: 'rk4' }), options({}))).toEqual([]);
    const late = { input: 'I_ext', start: 1000, stop: 1200, value: 0, text: '--window I_ext:1000:1200=0' };
    const inside = { input: 'I_ext', start: 400, stop: 1200, value: 0, text: '--window I_ext:400:1200=0' };
    expect(simulateWarnings(request({ method: 'rk4' }), options({ windows: [inside, late] }))).toEqual([
      'warning: --window I_ext:1000:1200=0: starts at or after --t-end (1000), so it has no effect',
    ]);
    // --t-end 1005 with --sample 10: the run stops at the last sample, t = 1000.
    const afterLast = { ...late, start: 1002, text: '--window I_ext:1002:1200=0' };
    expect(simulateWarnings(request({ method: 'rk4', tEnd: 1005, sample: 10 }), options({ windows: [afterLast] }))[0]).toMatch(
      /starts after the last sample time t = 1000 .*so it has no effect/,
    );
    expect(simulateWarnings(request({ method: 'euler', rtol: 1e-6 }), options({ rtol: 1e-6, atol: 1e-9 }))).toHaveLength(2);
    expect(simulateWarnings(request({ method: 'dopri5', rtol: 1e-6 }), options({ rtol: 1e-6 }))).toEqual([]);
    // 2e9 rk4 steps at 54 ns: 108 s.
    const long = simulateWarnings(request({ method: 'rk4', dt: 5e-7, sample: 1 }), options({}));
    expect(long).toHaveLength(1);
    expect(long[0]).toMatch(/2\.00e\+9 rk4 steps, about 1\.8 min \(at ~54 ns per step/);
    expect(simulateWarnings(request({ method: 'rk4', dt: 1e-6, sample: 1 }), options({}))).toEqual([]); // exactly 1e9
    expect(simulateWarnings(request({ method: 'dopri5', dt: 5e-7, sample: 1 }), options({}))).toEqual([]);
    expect(MANY_STEPS).toBe(1e9);
    expect(NS_PER_STEP.rk4).toBeGreaterThan(NS_PER_STEP.euler);
    expect([duration(42), duration(108), duration(7200)]).toEqual(['42 s', '1.8 min', '2.0 h']);
  });

  it('on the command line: one line each on stderr, the run goes ahead', () => {
    const r = meanfield(...SIM, '--t-end', '10', '--dt', '0.01', '--window', 'I_ext:20:30=0', '--rtol', '1e-6');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'meanfield: warning: --window I_ext:20:30=0: starts at or after --t-end (10), so it has no effect\n' +
        'meanfield: warning: --rtol is ignored by --method rk4, which takes fixed steps of --dt; tolerances apply to --method dopri5\n',
    );
    expect(r.stdout.split('\n')[0]).toBe('t,r,v,u,s');
  });

  it('a run of 2e9 steps warns with an estimate before it starts (stopped here with Ctrl+C)', async () => {
    const child = spawn(process.execPath, [BIN, ...SIM, '--t-end', '1000', '--dt', '5e-7', '--sample', '100'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes('\n')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^meanfield: warning: --t-end 1000 with --dt 5e-7 is 2\.00e\+9 rk4 steps, about [\d.]+ (s|min|h) \(at ~\d+ ns per step, measured on ik_nodim\)/,
    );
    expect(code).toBe(130);
    expect(lines[1]).toMatch(/^meanfield: interrupted: Cancelled at t = /);
    expect(stdout.split('\n')[0]).toBe('t,r,v,u,s');
  }, 60_000);
});
