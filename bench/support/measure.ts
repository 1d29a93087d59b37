/**
 * Small measuring helpers shared by the load benchmarks (bench/load-reports.ts,
 * bench/slow-clients.ts, bench/static-serving.ts): percentiles, the machine's load average, and a
 * child process's memory and CPU time read from /proc (Linux).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** Percentile `p` (0–100) of an ascending array, nearest-rank; NaN for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Count, p50, p99 and max of a list of latencies in ms.
 *
 * @example summarize([3, 1, 2]) // { n: 3, p50: 2, p99: 3, max: 3 }
 */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** `12 ms`, `1.3 ms` below 10 ms, `n/a` for NaN. */
export function ms(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return value < 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(0)} ms`;
}

/** `ratio(a, b)` as `2.31×`, or `n/a` when either side is missing. */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a';
}

/** "load average 11.9 / 13.8 / 12.5 on 2 cores": printed at the start and end of every benchmark. */
export function loadLine(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min) on ${availableParallelism()} cores`;
}

/** A `/proc/<pid>/status` field in MB (VmRSS: resident now, VmHWM: peak resident); NaN once the process is gone. */
export function procMemMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (user + system, all threads) a process has used, in ms, from /proc/<pid>/stat. Unlike
 * wall time it hardly depends on what else the machine is doing, so per-request CPU is the figure
 * to compare across runs on a busy machine.
 */
export function procCpuMs(pid: number): number {
  // Fields 14 and 15 (utime, stime) in clock ticks, 100 per second on Linux; the command name in
  // field 2 may contain spaces, so split after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time this process has used, in ms. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface RssSample {
  /** Seconds since the sampler started. */
  t: number;
  mb: number;
  /** Label of the benchmark phase the sample belongs to. */
  phase: string;
}

/**
 * Samples a process's resident memory every `everyMs` (default 1 s) until stopped.
 *
 * @example const rss = sampleRss(server.pid); rss.phase = 'uploads'; …; rss.stop(); console.log(rss.series('uploads'))
 */
export function sampleRss(pid: number, everyMs = 1000) {
  const samples: RssSample[] = [];
  const t0 = performance.now();
  const state = { phase: '' };
  const take = () => {
    const mb = procMemMb(pid);
    if (!Number.isNaN(mb)) samples.push({ t: (performance.now() - t0) / 1000, mb, phase: state.phase });
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    samples,
    set phase(name: string) {
      state.phase = name;
      take();
    },
    get phase() {
      return state.phase;
    },
    stop() {
      clearInterval(timer);
    },
    /** Peak sampled RSS in MB (of one phase, or of all). */
    peak(phase?: string): number {
      const mbs = samples.filter((s) => phase === undefined || s.phase === phase).map((s) => s.mb);
      return mbs.length ? Math.max(...mbs) : Number.NaN;
    },
    /**
     * A compact time series: one value (the maximum of its bucket) per `points` buckets of a phase,
     * e.g. `t=0–5 s 142 MB · 5–10 s 171 MB · …`.
     */
    series(phase: string, points = 12): string {
      const own = samples.filter((s) => s.phase === phase);
      if (!own.length) return '(no samples)';
      const start = own[0]!.t;
      const span = Math.max(1, own.at(-1)!.t - start);
      const width = Math.max(1, Math.ceil(span / points));
      const buckets = new Map<number, number>();
      for (const s of own) {
        const b = Math.floor((s.t - start) / width);
        buckets.set(b, Math.max(buckets.get(b) ?? 0, s.mb));
      }
      return `${[...buckets].map(([b, mb]) => `${b * width}s:${mb.toFixed(0)}`).join(' ')} MB (max of each ${width} s)`;
    },
  };
}

/** Resolves after `msToWait` milliseconds. */
export const sleep = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, msToWait)));
