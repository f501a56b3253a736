// Draws the Teams icons (manifest/color.png 192x192, manifest/outline.png 32x32) so they can be remade, not hand-edited.
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../lib/paths.js';

type Rgb = readonly [number, number, number];
/** A shape answers, for a point in a unit square (0..1), whether it is inked. */
type Shape = (x: number, y: number) => boolean;

const NHS_BLUE: Rgb = [0x00, 0x5e, 0xb8];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SAMPLES = 4;

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** An envelope: a rectangle outline and its flap, drawn with strokes of the given width. */
function envelope(left: number, top: number, right: number, bottom: number, stroke: number): Shape {
  const half = stroke / 2;
  const midX = (left + right) / 2;
  const flapY = top + (bottom - top) * 0.55;
  const segments: [number, number, number, number][] = [
    [left, top, right, top],
    [right, top, right, bottom],
    [right, bottom, left, bottom],
    [left, bottom, left, top],
    [left, top, midX, flapY],
    [midX, flapY, right, top],
  ];
  return (x, y) => segments.some(([ax, ay, bx, by]) => distanceToSegment(x, y, ax, ay, bx, by) <= half);
}

/** Renders a shape with supersampled anti-aliasing: ink over an optional background. */
function render(size: number, shape: Shape, ink: Rgb, background?: Rgb): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) hits++;
        }
      }
      const coverage = hits / (SAMPLES * SAMPLES);
      const i = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(background[c]! * (1 - coverage) + ink[c]! * coverage);
        png.data[i + 3] = 255;
      } else {
        for (let c = 0; c < 3; c++) png.data[i + c] = ink[c]!;
        png.data[i + 3] = Math.round(255 * coverage);
      }
    }
  }
  return PNG.sync.write(png);
}

export function colorIcon(): Buffer {
  return render(192, envelope(0.22, 0.3, 0.78, 0.7, 0.06), WHITE, NHS_BLUE);
}

/** Teams wants the outline icon white on transparent, nothing else. */
export function outlineIcon(): Buffer {
  return render(32, envelope(0.12, 0.22, 0.88, 0.78, 0.1), WHITE);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.join(PROJECT_ROOT, 'manifest');
  fs.writeFileSync(path.join(dir, 'color.png'), colorIcon());
  fs.writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
  console.log(`wrote ${dir}/color.png and ${dir}/outline.png`);
}
