/**
 * Security gate (run by `npm test` after the build): @doyensec/electronegativity over the built app
 * (out/ and package.json); exits non-zero on any HIGH or MEDIUM finding that ALLOWED below does not
 * name, or on any built file the linter could not read, printing them.
 *
 * Two things make the plain `npx electronegativity -i out` unsafe as a gate, so this script
 * prepares its input:
 * - Its parser stops at class private fields (`#x`, "Unknown node type ClassPrivateProperty") and
 *   then skips the whole file without a finding, and it exits 0 either way: out/main/index.js and
 *   the renderer bundle would go unchecked. So every built .js/.cjs/.mjs is first lowered to ES2020
 *   with TypeScript's transpiler (private fields become WeakMaps; calls, options objects and
 *   strings, which the checks look at, are unchanged), and any file it still cannot parse fails.
 * - It only reads .js, .html and .json: the sandboxed preload (.cjs) is scanned as `<name>.cjs.js`.
 * - It cannot follow a function call: at `new BrowserWindow(mainWindowOptions(...))` in
 *   out/main/index.js it sees no options at all. So the gate writes a literal replica of the real
 *   options (mainWindowOptions() of src-main/security.ts, as the packaged app calls it) into the
 *   scanned copy as out/main/window-options.replica.js, where every window check runs on the real
 *   values: contextIsolation, sandbox, webSecurity, allowRunningInsecureContent or
 *   disableBlinkFeatures set insecurely give a HIGH/MEDIUM finding there that nothing allows.
 * Findings are read from its CSV report and the run's result (it exits 0 even with findings).
 *
 * - Its AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's live release list, so its verdict
 *   on the same code changes from day to day (and it waits for the network where there is none).
 *   A test gate must be reproducible: that check is excluded here, and keeping Electron current is
 *   a release task (`npx electronegativity -i out -l AvailableSecurityFixesGlobalCheck` shows it).
 *
 * Usage: npx tsx --tsconfig tsconfig.node.json scripts/security-gate.mjs [outDir], i.e.
 * `npm run security-gate` (after `npm run build`; outDir defaults to out/). tsx is needed to load
 * src-main/security.ts; plain `node` works only through gate(outDir, { windowOptions }).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_VERSION = '45.5.0';

/** Where, in the scanned copy (report paths), the replica of the main window's options is written. */
export const WINDOW_REPLICA = 'out/main/window-options.replica.js';

/**
 * Findings known to be false positives, each for one file (as in the report, relative to the
 * scanned folder), one check id and the flagged line (`sample`, a substring of it), with the
 * reason. Never a whole check, never a whole file.
 * @type {{ file: string, check: string, sample: string, reason: string }[]}
 */
export const ALLOWED = [
  ...['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK'].map((check) => ({
    file: 'out/main/index.js',
    check,
    sample: 'new BrowserWindow(mainWindowOptions(',
    reason:
      'the linter cannot follow the call to mainWindowOptions() (src-main/security.ts) and sees no options here; ' +
      `the gate checks the real options on the literal replica ${WINDOW_REPLICA}, where this check runs unallowed.`,
  })),
  {
    file: WINDOW_REPLICA,
    check: 'PRELOAD_JS_CHECK',
    sample: '"preload": ',
    reason:
      "the window's own preload (out/preload/preload.cjs, from src-main/preload.ts) runs sandboxed and isolated and " +
      'only exposes the Api through contextBridge; test/main/security.test.ts runs the built preload and checks that.',
  },
  {
    file: 'out/main/index.js',
    check: 'OPEN_EXTERNAL_JS_CHECK',
    sample: 'shell.openExternal(details.url)',
    reason:
      'openLinkHandler (src-main/window.ts) opens only URLs isAllowedExternalUrl accepts (https on a fixed list of ' +
      'reference sites), tested in test/main/security.test.ts.',
  },
];

/** The allow-list entry covering a finding, if any. */
export function allowedBy(row) {
  return ALLOWED.find((a) => a.file === row.filename && a.check === row.issue && String(row.sample).includes(a.sample));
}

/** Splits one CSV line (quoted fields with "" escapes, as the linter writes them). */
export function parseCsvLine(line) {
  const fields = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) break;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      fields.push(value);
      while (i < line.length && line[i] !== ',') i++;
      i++;
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      fields.push(line.slice(i, stop).trim());
      i = stop + 1;
    }
  }
  return fields;
}

/** The report's rows as objects keyed by its (trimmed) header names. */
export function parseReport(csv) {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = parseCsvLine(lines[0]).map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    return Object.fromEntries(header.map((h, k) => [h, (cells[k] ?? '').trim()]));
  });
}

/** Copies out/ to `dest`, lowering JavaScript to ES2020 and giving .cjs/.mjs a .js suffix. */
function prepare(src, dest) {
  let files = 0;
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const from = join(src, entry.name);
    if (entry.isDirectory()) {
      files += prepare(from, join(dest, entry.name));
      continue;
    }
    if (/\.(c|m)?js$/.test(entry.name)) {
      mkdirSync(dest, { recursive: true });
      const out = ts.transpileModule(readFileSync(from, 'utf8'), {
        fileName: entry.name,
        compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, removeComments: false },
      }).outputText;
      writeFileSync(join(dest, entry.name.endsWith('.js') ? entry.name : `${entry.name}.js`), out);
      files++;
    } else if (/\.(html?|json)$/.test(entry.name)) {
      mkdirSync(dest, { recursive: true });
      copyFileSync(from, join(dest, entry.name));
      files++;
    }
  }
  return files;
}

/**
 * The main window's options as the packaged app creates them: mainWindowOptions(preload, true) of
 * src-main/security.ts, with the built preload of `outDir`. Loading the .ts source needs tsx (or
 * vitest); under plain node this throws an error that says so.
 */
export async function realWindowOptions(outDir) {
  let security;
  try {
    security = await import('../src-main/security.ts');
  } catch (e) {
    throw new Error(
      'cannot load src-main/security.ts for the window options (run the gate with tsx: `npm run security-gate`, ' +
        `or pass gate(outDir, { windowOptions })): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return security.mainWindowOptions(join(outDir, 'preload', 'preload.cjs'), true);
}

/**
 * Throws unless `value` is plain data a JSON literal carries exactly (no function, undefined,
 * class instance or non-finite number that JSON.stringify would drop or change), naming the path.
 */
function assertLiteral(value, path) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (Array.isArray(value)) {
    value.forEach((v, k) => assertLiteral(v, `${path}[${k}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) assertLiteral(v, `${path}.${k}`);
    return;
  }
  throw new Error(`window option ${path} (${String(value)}) cannot be written as a literal for the linter`);
}

/**
 * Source of the replica: `new BrowserWindow(<options as an object literal>)`, one property a line,
 * so each finding points at the line of the option it is about.
 */
export function windowReplicaSource(windowOptions) {
  assertLiteral(windowOptions, 'options');
  return [
    "// Written by scripts/security-gate.mjs for the linter only: the main window's real options as a literal.",
    "const { BrowserWindow } = require('electron');",
    `new BrowserWindow(${JSON.stringify(windowOptions, null, 2)});`,
    '',
  ].join('\n');
}

/**
 * Runs the gate over `outDir` (default: the build in out/); resolves to the exit code.
 * `windowOptions`: the main window's options to check on the replica (default: realWindowOptions).
 */
export async function gate(outDir = join(root, 'out'), { windowOptions } = {}) {
  if (!existsSync(join(outDir, 'main/index.js'))) {
    console.error(`security gate: ${outDir}/main/index.js is missing; run \`npm run build\` first.`);
    return 2;
  }
  let replica;
  try {
    replica = windowReplicaSource(windowOptions ?? (await realWindowOptions(outDir)));
  } catch (e) {
    console.error(`security gate: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'meanfield-security-'));
  try {
    const app = join(tmp, 'app');
    const scanned = prepare(outDir, join(app, 'out')) + 1;
    if (existsSync(join(app, WINDOW_REPLICA))) {
      console.error(`security gate: the build already holds a file named ${WINDOW_REPLICA}.`);
      return 2;
    }
    writeFileSync(join(app, WINDOW_REPLICA), replica);
    copyFileSync(join(root, 'package.json'), join(app, 'package.json'));
    const report = join(tmp, 'report.csv');
    const run = require('@doyensec/electronegativity/dist/runner.js');
    const log = console.log;
    let result;
    try {
      console.log = () => {}; // the linter's own chatter (translations, release list)
      result = await run(
        {
          input: app,
          output: report,
          isSarif: false,
          isRelative: true,
          isVerbose: false,
          electronVersionOverride: ELECTRON_VERSION,
          excludeFromScan: ['availablesecurityfixesglobalcheck'],
        },
        false,
      );
    } finally {
      console.log = log;
    }

    const unreadable = result.errors.filter((e) => !e.tolerable);
    // The linter writes its CSV with two un-awaited fs.writeFile calls (header, then rows) that can
    // even overtake each other: wait for them, and gate on the union of the CSV's rows and the
    // findings run() returned (the same objects the CSV is written from).
    await new Promise((r) => setTimeout(r, 300));
    const fromCsv = existsSync(report) ? parseReport(readFileSync(report, 'utf8')) : [];
    const fromRun = result.issues.map((i) => ({
      issue: i.id,
      severity: i.severity?.name ?? String(i.severity),
      filename: i.file,
      location: `${i.location?.line}:${i.location?.column}`,
      sample: i.sample ?? '',
      description: i.description ?? '',
      url: `https://github.com/doyensec/electronegativity/wiki/${i.id}`,
    }));
    const key = (r) => `${r.issue}|${r.filename}|${r.location}`;
    const rows = [...new Map([...fromRun, ...fromCsv].map((r) => [key(r), r])).values()];
    const serious = rows.filter((r) => r.severity === 'HIGH' || r.severity === 'MEDIUM');
    const allowed = serious.filter((r) => allowedBy(r) !== undefined);
    const failing = serious.filter((r) => !allowed.includes(r));

    console.log(
      `security gate: electronegativity (Electron ${ELECTRON_VERSION}) over ${scanned} built files: ` +
        `${rows.length} finding(s), ${serious.length} HIGH/MEDIUM, ${allowed.length} allowed.`,
    );
    for (const r of rows.filter((r) => !serious.includes(r))) console.log(`  note (${r.severity}): ${r.issue} ${r.filename}:${r.location}`);
    for (const r of allowed) {
      console.log(`  allowed: ${r.issue} ${r.filename}:${r.location}: ${allowedBy(r).reason}`);
    }
    for (const e of unreadable) console.error(`  NOT SCANNED: ${relative(app, e.file)}: ${e.message}`);
    for (const r of failing) {
      console.error(`  ${r.severity} ${r.issue} ${r.filename}:${r.location}\n    ${r.description}\n    ${r.sample.slice(0, 200)}\n    ${r.url}`);
    }
    if (unreadable.length > 0 || failing.length > 0) {
      console.error('security gate: FAILED');
      return 1;
    }
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await gate(process.argv[2]);
}
