/**
 * Renders the app icon build/icon.svg (hand-written) to the PNGs electron-builder uses:
 * build/icon.png (1024 x 1024: macOS, Windows) and build/icons/<n>x<n>.png (Linux, 16 ... 512),
 * with a transparent background, in headless Chromium (playwright-core, /usr/bin/chromium or
 * $CHROMIUM). Run with `npm run icons` after editing the SVG and commit the PNGs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8');
const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const targets = [[1024, 'build/icon.png'], ...[512, 256, 128, 64, 48, 32, 16].map((n) => [n, `build/icons/${n}x${n}.png`])];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [size, file] of targets) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img id="i" src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.waitForFunction(() => document.getElementById('i')?.complete);
    mkdirSync(dirname(join(root, file)), { recursive: true });
    await page.locator('#i').screenshot({ path: join(root, file), omitBackground: true });
    console.log(`${file} (${size} x ${size})`);
  }
} finally {
  await browser.close();
}
