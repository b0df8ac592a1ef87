import type { CheckResult, Verdict } from '../../core/types.ts';
import type { RunMeta } from '../reporters/reporter.ts';

/**
 * The one journal format (journal.jsonl), shared by the gate and the orchestrator.
 *
 * Line 1 is a header `{ "kind": "journal", "schemaVersion": 1, ... }`; every other line is one
 * event, appended the moment it happens, so a run killed half way leaves a journal that says
 * what was done up to then. The gate writes `run-start` / `result` / `run-end`; the
 * orchestrator writes `plan`, then `step-started` before and `step-finished` after each step.
 * `replay()` (./replay.ts) folds the lines back into state; `--resume` acts from that state,
 * never from memory (flagger's scheduler habit).
 *
 * Versions: 1 = this file. 0 = journals written before the header existed (gate events only);
 * they are read as version 0. A version this code does not know is an error, never a guess.
 */

export const JOURNAL_SCHEMA_VERSION = 1;
/** Versions `replay()` can read. */
export const READABLE_VERSIONS: readonly number[] = [0, 1];

export interface JournalHeader {
  kind: 'journal';
  schemaVersion: number;
  createdAt: string;
  /** Who wrote the first line: `gate` (verify) or `orchestrator` (deploy, rollback). */
  writer: 'gate' | 'orchestrator';
  runId?: string;
}

export function journalHeader(writer: JournalHeader['writer'], createdAt: string, runId?: string): JournalHeader {
  return { kind: 'journal', schemaVersion: JOURNAL_SCHEMA_VERSION, createdAt, writer, ...(runId ? { runId } : {}) };
}

/** Gate events (version 0 and 1). */
export type GateEvent =
  | { event: 'run-start'; at: string; meta: RunMeta }
  | { event: 'result'; at: string; id: string; status: CheckResult['status']; result: CheckResult }
  | {
      event: 'run-end';
      at: string;
      decision: Verdict['decision'];
      rollback: Verdict['rollback'];
      counts: Verdict['counts'];
      manifestSha256?: string;
      gateRun?: string;
    }
  /** The last line of a gate run's journal (after manifest.json): the manifest's own hash. */
  | { event: 'sealed'; at: string; manifestSha256: string; files: number };

export type StepStatus = 'succeeded' | 'failed' | 'error';

/** One AWS (or sandbox) call a step made, for the evidence: which, and the provider's request id. */
export interface CallRecord {
  service: string;
  operation: string;
  requestId?: string;
  /** Attempts including retries after throttling. */
  attempts?: number;
}

/** A step as the plan described it, recorded once at the start of a run. */
export interface PlannedStepSummary {
  id: string;
  title: string;
  phase: string;
  runbookRef: string;
  destructive: boolean;
  timeoutMs: number;
}

/** Orchestrator events (version 1 only). */
export type StepEvent =
  | {
      event: 'plan';
      at: string;
      runId: string;
      app: string;
      env: string;
      release?: string;
      /** deploy or rollback (procedure id) */
      kind: string;
      steps: PlannedStepSummary[];
    }
  | { event: 'step-started'; at: string; stepId: string; attempt: number; resumed: boolean; inputs: Record<string, unknown> }
  | {
      event: 'step-finished';
      at: string;
      stepId: string;
      attempt: number;
      status: StepStatus;
      retriable: boolean;
      message: string;
      outputs: Record<string, unknown>;
      calls: CallRecord[];
      startedAt: string;
      durationMs: number;
    }
  | { event: 'run-stopped'; at: string; status: StepStatus | 'completed'; atStep?: string; message: string; resumeCommand?: string };

export type JournalEvent = GateEvent | StepEvent;

/** What replay knows about one step. */
export interface StepRecord {
  stepId: string;
  /** `in-flight`: started and never finished (the process died or was killed). */
  state: StepStatus | 'in-flight';
  attempts: number;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  calls: CallRecord[];
  message?: string;
  retriable?: boolean;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
}

/** The journal cannot be read: its version is unknown, or its header is malformed. */
export class JournalFormatError extends Error {
  override readonly name = 'JournalFormatError';
}
