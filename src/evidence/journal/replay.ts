import type { Status, Verdict } from '../../core/types.ts';
import {
  JOURNAL_SCHEMA_VERSION,
  JournalFormatError,
  READABLE_VERSIONS,
  type JournalEvent,
  type JournalHeader,
  type StepEvent,
  type StepRecord,
} from './schema.ts';

/**
 * Folds journal lines back into state. Pure: the engine reads the file, replay decides what
 * it means. A resumed run acts only on this (flagger's "re-read saved state every tick").
 */

export interface Replayed {
  /** 0 for journals written before the header line existed (gate events only). */
  schemaVersion: number;
  header?: JournalHeader;
  events: JournalEvent[];
  /** The orchestrator's last plan line, when an orchestrator wrote this journal. */
  plan?: Extract<StepEvent, { event: 'plan' }>;
  /** Every plan, in order: a deploy's journal holds the deploy, then the rollback it led to. */
  plans: Extract<StepEvent, { event: 'plan' }>[];
  /** Every step that started, by id, in the order first started. */
  steps: Map<string, StepRecord>;
  /** Steps started and never finished: the process died while they ran. */
  inFlight: string[];
  /** Last status per check id (a gate that ran twice: the later result wins). */
  results: Map<string, Status>;
  /** Each gate run's decision, in order (a deploy runs the gate after deploy and after rollback). */
  gateRuns: { decision: Verdict['decision']; recommendation: Verdict['rollback']['recommendation']; procedure?: string; at: string }[];
  /** The last `run-stopped` line, if the run stopped cleanly. */
  stopped?: Extract<StepEvent, { event: 'run-stopped' }>;
  /** A last line cut short by a crash (ignored, reported for the evidence). */
  tornLine: boolean;
}

function parseHeader(first: Record<string, unknown>): { version: number; header?: JournalHeader } {
  if (first.kind !== 'journal') {
    if (typeof first.event === 'string') return { version: 0 };
    throw new JournalFormatError(
      `The journal's first line is neither a header ({"kind":"journal",...}) nor an event: ${JSON.stringify(first).slice(0, 120)}. Is this a postflight journal.jsonl?`,
    );
  }
  const v = first.schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new JournalFormatError(
      `The journal header has no integer schemaVersion (found ${JSON.stringify(v)}): the file is damaged or was not written by postflight. Start a new run instead of resuming this one.`,
    );
  }
  if (!READABLE_VERSIONS.includes(v)) {
    throw new JournalFormatError(
      `The journal has schemaVersion ${v}; this postflight reads versions ${READABLE_VERSIONS.join(', ')} (writes ${JOURNAL_SCHEMA_VERSION}). ` +
        (v > JOURNAL_SCHEMA_VERSION ? 'It was written by a newer postflight: upgrade postflight to resume or read it.' : 'Start a new run.'),
    );
  }
  return { version: v, header: first as unknown as JournalHeader };
}

function applyStep(steps: Map<string, StepRecord>, e: StepEvent): void {
  if (e.event === 'step-started') {
    const prior = steps.get(e.stepId);
    steps.set(e.stepId, {
      stepId: e.stepId,
      state: 'in-flight',
      attempts: Math.max(prior?.attempts ?? 0, e.attempt),
      inputs: e.inputs,
      outputs: prior?.outputs ?? {},
      calls: prior?.calls ?? [],
      startedAt: e.at,
    });
  } else if (e.event === 'step-finished') {
    const prior = steps.get(e.stepId);
    if (!prior) throw new JournalFormatError(`The journal finishes step ${e.stepId} that never started: it was edited or merged by hand. Start a new run.`);
    steps.set(e.stepId, {
      ...prior,
      state: e.status,
      outputs: e.outputs,
      calls: [...prior.calls, ...e.calls],
      message: e.message,
      retriable: e.retriable,
      finishedAt: e.at,
      durationMs: e.durationMs,
    });
  }
}

/** Replays journal lines (the file's text split on newlines). */
export function replay(lines: readonly string[]): Replayed {
  const parsed: Record<string, unknown>[] = [];
  const nonEmpty = lines.filter((l) => l.trim());
  let tornLine = false;
  for (const [i, line] of nonEmpty.entries()) {
    try {
      parsed.push(JSON.parse(line) as Record<string, unknown>);
    } catch (err) {
      // Only the last line can be torn by a crash; a bad line before it means the file was damaged.
      if (i === nonEmpty.length - 1) {
        tornLine = true;
        break;
      }
      throw new JournalFormatError(
        `Line ${i + 1} of the journal is not JSON (${(err as Error).message}); only the last line may be cut short by a crash. Start a new run.`,
        { cause: err },
      );
    }
  }
  const out: Replayed = {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    events: [],
    plans: [],
    steps: new Map(),
    inFlight: [],
    results: new Map(),
    gateRuns: [],
    tornLine,
  };
  if (!parsed.length) return out;
  const { version, header } = parseHeader(parsed[0]!);
  out.schemaVersion = version;
  if (header) out.header = header;
  for (const raw of header ? parsed.slice(1) : parsed) {
    const e = raw as unknown as JournalEvent;
    out.events.push(e);
    switch (e.event) {
      case 'result':
        out.results.set(e.id, e.status);
        break;
      case 'run-end':
        out.gateRuns.push({
          decision: e.decision,
          recommendation: e.rollback.recommendation,
          ...(e.rollback.procedure ? { procedure: e.rollback.procedure } : {}),
          at: e.at,
        });
        break;
      case 'run-start':
        break;
      case 'sealed':
        break; // the manifest's own hash: evidence, not state
      default:
        if (version === 0)
          throw new JournalFormatError(
            `A journal without a header (version 0) holds gate events only, but it has a "${(e as { event: string }).event}" line. Add the header or start a new run.`,
          );
        if (e.event === 'plan') {
          out.plan = e;
          out.plans.push(e);
        } else if (e.event === 'run-stopped') out.stopped = e;
        else applyStep(out.steps, e);
    }
  }
  out.inFlight = [...out.steps.values()].filter((s) => s.state === 'in-flight').map((s) => s.stepId);
  return out;
}

/** Convenience for a file's text. */
export function replayText(text: string): Replayed {
  return replay(text.split('\n'));
}
