/**
 * The scavenge a `meanfield continue` runs before its trace (src-main/cli/young-heap.ts): it runs
 * a minor collection where the command's V8 flags expose `gc` (as bin/meanfield.mjs sets them,
 * after loading), and does nothing, without failing, where they do not.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { v8FlagsFor } from '../../src-main/cli/main';
import { EXPOSE_GC_FLAG } from '../../src-main/cli/young-heap';
import { ROOT } from './ensure-build';

/** In a fresh process, with `flags` set at run time: what scavengeYoungGeneration returned and the kinds of the collections V8 reported meanwhile. */
function scavengeIn(flags: string): { ran: boolean; kinds: string[] } {
  const module = pathToFileURL(join(ROOT, 'src-main/cli/young-heap.ts')).href;
  const script = `
    import { setFlagsFromString } from 'node:v8';
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    if (${JSON.stringify(flags)} !== '') setFlagsFromString(${JSON.stringify(flags)});
    const { scavengeYoungGeneration } = await import(${JSON.stringify(module)});
    const kinds = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) kinds.push(e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : 'other');
    });
    observer.observe({ entryTypes: ['gc'] });
    const ran = scavengeYoungGeneration();
    const again = scavengeYoungGeneration();
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    process.stdout.write(JSON.stringify({ ran: ran && again, kinds }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { ran: boolean; kinds: string[] };
}

describe('the scavenge before a trace', () => {
  it('is asked for by the flags of `continue` alone', () => {
    expect(v8FlagsFor(['continue', '--model', 'ik_nodim'])?.split(' ')).toContain(EXPOSE_GC_FLAG);
    expect(v8FlagsFor(['simulate', '--model', 'ik_nodim'])).toBeNull();
  });

  it('runs minor collections under those flags', () => {
    const r = scavengeIn(v8FlagsFor(['continue']) ?? '');
    expect(r.ran).toBe(true);
    expect(r.kinds.filter((k) => k === 'minor').length).toBeGreaterThanOrEqual(2);
  });

  it('does nothing where gc is not exposed', () => {
    const r = scavengeIn('');
    expect(r.ran).toBe(false);
    expect(r.kinds).toEqual([]);
  });
});
