import { routeOf, type GateContext } from '../context.ts';
import { findLink, openInbox, waitForEmail } from '../../mail/inbox.ts';
import { describe, type ApiSession } from './api-session.ts';
import { dataKey, testValue } from '../../apps/test-data.ts';

/**
 * Makes a Financial RISE assessment `completed` so a report can be generated and timed.
 * First the way the runbook does it (Smoke 5): the client opens the unique link from the
 * invitation email and answers; if the environment gives no readable inbox, or that fails, the
 * consultant answers on the client's behalf (/questionnaire/responses + /assessments/:id/submit).
 * Either way every problem is kept, so "could not set up" says why.
 */

interface Question {
  id: string;
  type: string;
  options?: { value: unknown }[];
}

/** A valid answer for any question type the contract lists (pure). */
export function answerFor(q: Question): { value: unknown } {
  const first = q.options?.[0]?.value;
  if (q.type === 'text') return { value: 'postflight performance check' };
  if (q.type === 'multiple_choice') return { value: first === undefined ? [] : [first] };
  return { value: first ?? 3 };
}

export type Ctx = Pick<GateContext, 'profile' | 'target' | 'runId' | 'processEnv' | 'log'>;

/** POST /assessments tagged with the run id; returns the new id (the caller deletes it). */
export async function createAssessment(
  ctx: Ctx,
  session: ApiSession,
  label: string,
): Promise<{ id?: string; clientEmail: string; problem?: string; ms: number; ok: boolean; refused?: boolean }> {
  const clientEmail = `pf-${ctx.runId}-${label}@${ctx.target.mailDomain}`.toLowerCase();
  const res = await session.request('POST', routeOf(ctx, 'assessments'), {
    body: {
      // Values a person would type (`contract.data.perf*`): a strict deployment refuses digits in names.
      clientName: testValue(ctx.profile, ctx.runId, 'perfClientName'),
      businessName: testValue(ctx.profile, ctx.runId, 'perfBusinessName'),
      clientEmail,
      notes: testValue(ctx.profile, ctx.runId, 'perfNotes'),
    },
  });
  const id = (res.data as { id?: unknown } | null)?.id;
  if (res.status === 400 || res.status === 422) {
    // The deployment's validation refused the gate's own values: its test data, not the release.
    const keys = ['perfClientName', 'perfBusinessName', 'perfNotes'].map((k) => dataKey(ctx.profile.id, k)).join(' / ');
    return {
      clientEmail,
      ms: res.ms,
      ok: false,
      refused: true,
      problem: `the API refused the gate's test data (POST /assessments: ${describe(res)}): set ${keys} to values this deployment accepts`,
    };
  }
  if (!res.ok || typeof id !== 'string') {
    return { clientEmail, ms: res.ms, ok: false, problem: `POST /assessments: ${describe(res)}`, ...(typeof id === 'string' ? { id } : {}) };
  }
  return { id, clientEmail, ms: res.ms, ok: true };
}

/** Completes the assessment; returns undefined on success, else every reason it could not. */
export async function completeAssessment(ctx: Ctx, session: ApiSession, id: string, clientEmail: string): Promise<string | undefined> {
  const reasons: string[] = [];
  for (const [how, attempt] of [
    ['client link', viaClientLink],
    ['consultant questionnaire', viaConsultant],
  ] as const) {
    const problem = await attempt(ctx, session, id, clientEmail).catch((e: Error) => e.message);
    // Judge by the assessment itself: a submit may have landed even if a later call failed.
    const status = await statusOf(ctx, session, id);
    if (status.value === 'completed') {
      ctx.log(`perf api: assessment ${id} completed via the ${how}`);
      return undefined;
    }
    reasons.push(`${how}: ${problem ?? `submitted but the assessment is "${String(status.value)}" (${status.seen})`}`);
  }
  return `could not make a completed assessment to report on (${reasons.join('; ')})`;
}

/** The assessment's status, asking up to 3 times: one 5xx must not hide a completed assessment. */
async function statusOf(ctx: Ctx, session: ApiSession, id: string): Promise<{ value: unknown; seen: string }> {
  let seen = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await session.request('GET', routeOf(ctx, 'assessment', { id }));
    if (res.ok) return { value: (res.data as { status?: unknown } | null)?.status, seen: describe(res) };
    seen = describe(res);
  }
  return { value: undefined, seen };
}

async function viaClientLink(ctx: Ctx, session: ApiSession, _id: string, clientEmail: string): Promise<string | undefined> {
  const inbox = await openInbox(ctx.target.mail, ctx.processEnv);
  const waitMs = (ctx.profile as { expected?: { emailWaitMs?: number } }).expected?.emailWaitMs ?? 20_000;
  const message = await waitForEmail(inbox, clientEmail, (m) => findLink(m, '/client/') !== undefined, waitMs);
  const token = /\/client\/([^/?#\s]+)/.exec(findLink(message, '/client/') ?? '')?.[1];
  if (!token) return 'the invitation email has no /client/<token> link';
  const questions = await session.request('GET', routeOf(ctx, 'clientQuestions', { token }), { auth: false });
  const list = (questions.data as { questions?: Question[] } | null)?.questions;
  if (!questions.ok || !Array.isArray(list)) return `GET client questions: ${describe(questions)}`;
  const answers = list.map((q) => ({ questionId: q.id, answer: answerFor(q) }));
  const bulk = await session.request('POST', routeOf(ctx, 'clientResponses', { token }), { body: { responses: answers }, auth: false });
  if (!bulk.ok) {
    // Deployments that take one answer per request refuse the list with a 4xx.
    for (const a of answers) {
      const one = await session.request('POST', routeOf(ctx, 'clientResponses', { token }), { body: a, auth: false });
      if (!one.ok) return `POST client response ${a.questionId}: ${describe(one)}`;
    }
  }
  const submit = await session.request('POST', routeOf(ctx, 'clientSubmit', { token }), { auth: false });
  return submit.ok ? undefined : `POST client submit: ${describe(submit)}`;
}

async function viaConsultant(ctx: Ctx, session: ApiSession, id: string): Promise<string | undefined> {
  const questions = await session.request('GET', routeOf(ctx, 'questions'));
  const list = (questions.data as { questions?: Question[] } | null)?.questions;
  if (!questions.ok || !Array.isArray(list)) return `GET questions: ${describe(questions)}`;
  for (const q of list) {
    const res = await session.request('POST', routeOf(ctx, 'responses'), { body: { assessmentId: id, questionId: q.id, answer: answerFor(q) } });
    if (!res.ok) return `POST response ${q.id}: ${describe(res)}`;
  }
  const submit = await session.request('POST', routeOf(ctx, 'submit', { id }));
  return submit.ok ? undefined : `POST submit: ${describe(submit)}`;
}
