// What bench:kb:sweep (ranking weights) and bench:kb:calibrate (decision thresholds) share: the command line, a
// setting read from --from, coordinate descent over a grid of round values, the neighbourhood of the result, and the
// held-out phrasings a setting gains and loses against the start.

/** The value after `--name` on the command line. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `--folds 3,5,7`: the fold counts each setting is scored on (5 unless given). */
export function foldsArg(): number[] {
  const folds = (arg('folds') ?? '5').split(',').map(Number);
  if (!folds.every((k) => Number.isInteger(k) && k >= 2)) throw new Error('--folds: fold counts of 2 or more, comma-separated');
  return folds;
}

export type Grid<S> = { readonly [K in keyof S]: readonly number[] };

/** The defaults with the `name=value` pairs of `text` (from --from) put in; a name not in the grid or a value that is no number is an error. */
export function parseSetting<S extends object>(text: string | undefined, grid: Grid<S>, defaults: S): S {
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!k || !(k in grid) || !Number.isFinite(Number(v))) throw new Error(`--from: bad setting "${part}"`);
    out[k] = Number(v);
  }
  return out as S;
}

export function keysOf<S extends object>(grid: Grid<S>): (keyof S & string)[] {
  return Object.keys(grid) as (keyof S & string)[];
}

/** `name=value,...` for every setting in the grid's order. */
export function settingKey<S extends object>(grid: Grid<S>, s: S): string {
  return keysOf(grid)
    .map((k) => `${k}=${s[k] as number}`)
    .join(',');
}

export interface Descent<S, F extends { readonly setting: S }> {
  readonly grid: Grid<S>;
  readonly evaluate: (s: S) => F;
  readonly better: (f: F, than: F) => boolean;
  /** a line for a setting tried, and one for the best after each setting's values */
  readonly tried: (f: F) => void;
  readonly settled: (pass: number, key: string, best: F) => void;
}

/** Coordinate descent: each setting in turn moves to whichever grid value `better` prefers, until a pass changes nothing. */
export function descend<S extends object, F extends { readonly setting: S }>(start: F, passes: number, d: Descent<S, F>): F {
  let best = start;
  for (let pass = 1; pass <= passes; pass++) {
    const before = best;
    for (const k of keysOf(d.grid)) {
      for (const v of d.grid[k]) {
        if (v === best.setting[k]) continue;
        const f = d.evaluate({ ...best.setting, [k]: v });
        d.tried(f);
        if (d.better(f, best)) best = f;
      }
      d.settled(pass, k, best);
    }
    if (best === before) break;
  }
  return best;
}

/** The settings one grid step either way of `s`, each with the name and value moved. */
export function neighbours<S extends object>(grid: Grid<S>, s: S): { key: keyof S & string; value: number; setting: S }[] {
  return keysOf(grid).flatMap((k) => {
    const i = grid[k].indexOf(s[k] as number);
    return [grid[k][i - 1], grid[k][i + 1]].filter((v): v is number => v !== undefined).map((value) => ({ key: k, value, setting: { ...s, [k]: value } }));
  });
}

/**
 * " +gained/-lost": phrasings right now and not at the start, and the reverse. A net gain of a few with as many
 * changed both ways is a reshuffle, not an improvement. Empty when there is no start, or it scored other phrasings.
 */
export function gains(now: readonly boolean[], start: readonly boolean[] | undefined): string {
  if (!start || start.length !== now.length) return '';
  let gained = 0;
  let lost = 0;
  now.forEach((r, i) => {
    if (r && !start[i]) gained++;
    if (!r && start[i]) lost++;
  });
  return ` +${gained}/-${lost}`;
}
