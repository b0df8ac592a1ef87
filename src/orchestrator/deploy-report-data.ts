import type { DeployStory } from './deploy-story.ts';
import type { Timeline } from './timeline.ts';

/** What the deploy report shows, in one shape for its markdown and HTML renderers (report.ts builds it from the journal). */
export interface TimelineLine {
  phase: string;
  status: string;
  time: string;
  budget: string;
}

export interface DeployManifest {
  release?: string;
  revisionsBefore?: string;
  revisionNow?: string;
  snapshotId?: string;
  journalSha256: string;
  postflight: string;
  tools: string;
  cores: number;
}

export interface DeployReportData {
  title: string;
  story: string;
  extra: string[];
  s: DeployStory;
  t: Timeline;
  lines: TimelineLine[];
  manifest: DeployManifest;
}
