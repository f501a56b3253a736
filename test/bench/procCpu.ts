// CPU time of server processes read from /proc, so a bench can charge each turn with what its servers (the bot's and PostgreSQL's) spent.
import fs from 'node:fs';

/** The kernel's USER_HZ, which /proc times are counted in: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), or undefined once the process has gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far; undefined once it has gone. */
export function cpuSeconds(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / CLOCK_TICKS : undefined;
}

function command(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * CPU seconds PostgreSQL has used: every postgres process's own time, plus the time of backends that have
 * exited (a pool closing an idle connection), which the kernel adds to their parent's "children" time.
 */
export function postgresCpuSeconds(): number {
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const postgres = new Set(pids.filter((p) => command(p) === 'postgres'));
  let ticks = 0;
  for (const pid of postgres) {
    const f = statFields(pid);
    if (!f) continue;
    ticks += Number(f[11]) + Number(f[12]);
    // the postmaster (its parent is not postgres) also holds its reaped children's time
    if (!postgres.has(Number(f[1]))) ticks += Number(f[13]) + Number(f[14]);
  }
  return ticks / CLOCK_TICKS;
}
