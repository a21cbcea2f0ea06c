// The contract between `npm run bench` (bench/run.ts) and each workload module.

export interface BenchEnv {
  /** Superuser URL of the benchmark database: migrated, bench data loaded. */
  databaseUrl: string;
  /** Repetitions per figure; reports give the median. At least 3. */
  runs: number;
  /** Seconds per measured run (autocannon duration, or the mutation phase of W3). */
  durationSeconds: number;
  /** Progress lines for the terminal (not the report). */
  log: (line: string) => void;
}

export interface TargetCheck {
  /** e.g. "W1 req/s ≥ 0.5× baseline" */
  name: string;
  met: boolean;
  /** The measured ratio or figure that decided it. */
  detail: string;
}

export interface WorkloadReport {
  id: 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6';
  title: string;
  /** A Markdown section (no top-level heading): tables of medians and ratios, notes. */
  markdown: string;
  targets: TargetCheck[];
}

export type Workload = (env: BenchEnv) => Promise<WorkloadReport>;
