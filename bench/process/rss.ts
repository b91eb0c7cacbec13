import { readFileSync } from 'node:fs';

// Linux only: reads /proc, which is what a container's memory limit is measured against as well.

// Clock ticks per second of utime/stime in /proc/<pid>/stat: USER_HZ, 100 on every mainstream Linux build.
const USER_HZ = 100;

/** Resident memory of one process, in MB. */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  rssMb: number;
  /** VmHWM: the highest resident size the process ever had. */
  peakMb: number;
  /** Resident size of its child processes (tsx may run an esbuild service), summed. */
  childrenMb: number;
}

/** Reads `/proc/<pid>/status` of `pid` and of its children. */
export function processMemory(pid: number): ProcessMemory {
  const status = readStatus(pid);
  const children = childPids(pid).reduce((sum, child) => sum + (readStatus(child).VmRSS ?? 0), 0);
  return { rssMb: toMb(status.VmRSS), peakMb: toMb(status.VmHWM), childrenMb: toMb(children) };
}

/** Samples {@link processMemory} every `everyMs` until `stop()`; `peakMb` is the highest VmRSS seen. */
export function sampleMemory(pid: number, everyMs = 100): { stop(): { peakMb: number; samples: number } } {
  let peakMb = 0;
  let samples = 0;
  const take = (): void => {
    peakMb = Math.max(peakMb, processMemory(pid).rssMb);
    samples += 1;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakMb, samples };
    },
  };
}

/**
 * CPU time (user + system, all threads) `pid` has used so far, in ms, at 10 ms resolution. On a shared
 * machine this moves far less with other load than wall-clock time does.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime: fields 14 and 15 of the whole line
  return (ticks * 1000) / USER_HZ;
}

function readStatus(pid: number): Record<string, number> {
  let text = '';
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return {}; // the process is gone (a child that just exited)
  }
  const fields: Record<string, number> = {};
  for (const match of text.matchAll(/^(Vm\w+):\s+(\d+) kB$/gm)) fields[match[1] ?? ''] = Number(match[2]);
  return fields;
}

// Threads of a process each list their own children; the main thread's list is the usual place.
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function toMb(kb: number | undefined): number {
  return Math.round(((kb ?? 0) / 1024) * 10) / 10;
}
