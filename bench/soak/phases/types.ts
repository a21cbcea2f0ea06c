export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface PhaseResult {
  title: string;
  markdown: string;
  checks: Check[];
}
