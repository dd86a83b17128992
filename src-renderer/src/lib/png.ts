/**
 * PNG of a chart view (the time-series panels, the bifurcation diagram): its uPlot canvases stacked
 * under a legend line (swatch + label per run or branch), on the page background, at the screen's
 * pixel ratio. Uses only canvas APIs (CSP-safe).
 */
import { saveExport } from './export';

export interface PngLegendEntry {
  label: string;
  color: string;
}

export async function chartPng(
  canvases: readonly HTMLCanvasElement[],
  legend: readonly PngLegendEntry[],
  colors: { background: string; text: string },
): Promise<Uint8Array> {
  const ratio = window.devicePixelRatio || 1;
  const pad = Math.round(12 * ratio);
  const legendH = Math.round(28 * ratio);
  const width = Math.max(1, ...canvases.map((c) => c.width)) + 2 * pad;
  const height = canvases.reduce((h, c) => h + c.height, 0) + legendH + 2 * pad;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available for the PNG export.');
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, height);
  ctx.font = `${Math.round(12 * ratio)}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  ctx.textBaseline = 'middle';
  let x = pad;
  const y = pad + legendH / 2;
  for (const e of legend) {
    ctx.strokeStyle = e.color;
    ctx.lineWidth = 2 * ratio;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 18 * ratio, y);
    ctx.stroke();
    x += 24 * ratio;
    ctx.fillStyle = colors.text;
    ctx.fillText(e.label, x, y);
    x += ctx.measureText(e.label).width + 20 * ratio;
  }
  let top = pad + legendH;
  for (const c of canvases) {
    ctx.drawImage(c, pad, top);
    top += c.height;
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The chart could not be encoded as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Saves the charts inside `container` (every uPlot canvas, top to bottom) as one PNG with `legend`
 * above them, in the container's colours (--panel background, text colour), offered under
 * `suggestedName`. Resolves to null when saved or cancelled, else the message to show.
 */
export function exportChartPng(container: HTMLElement, legend: readonly PngLegendEntry[], suggestedName: string): Promise<string | null> {
  return saveExport('png', suggestedName, () => {
    const canvases = [...container.querySelectorAll<HTMLCanvasElement>('.uplot canvas')];
    const css = getComputedStyle(container);
    return chartPng(canvases, legend, { background: css.getPropertyValue('--panel').trim() || '#fff', text: css.color });
  });
}
