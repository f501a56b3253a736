// Colour arithmetic for branding options: WCAG contrast, and darkening a brand colour until white text on it is readable.
// DOM-free so the bot and its tests can use it too.

export const NHS_BLUE = '#005eb8';
/** WCAG 2.x AA for normal text. */
export const MIN_CONTRAST = 4.5;

/** Parses #rgb or #rrggbb (case-insensitive); undefined for anything else. */
export function parseHex(input: string): [number, number, number] | undefined {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
  if (!m) return undefined;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

export function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(Math.max(0, Math.min(255, c))).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(rgb: readonly number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [parseHex(a), parseHex(b)].map((c) => (c ? luminance(c) : 0)) as [number, number];
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A brand colour usable both as text on white and behind white text: the colour itself when it
 * already reaches the minimum contrast, else the same hue darkened just enough; the NHS blue when
 * the input is not a colour.
 */
export function accessibleAccent(input: string | undefined, min = MIN_CONTRAST): string {
  const rgb = input ? parseHex(input) : undefined;
  if (!rgb) return NHS_BLUE;
  for (let k = 1; k >= 0; k -= 0.02) {
    const candidate = toHex(rgb.map((c) => c * k));
    if (contrastRatio(candidate, '#ffffff') >= min) return candidate;
  }
  return '#000000';
}
