import type { Page, Response } from '@playwright/test';
import { dataKey } from '../../src/apps/test-data.ts';

/**
 * After a form submit: did the app answer, or did its form refuse what the gate typed? The
 * page's own validation messages (the profile's `formErrors` selectors) are read while the
 * answer is awaited, so a refused value ends the wait at once (never a timeout for an answer
 * that cannot come), and the error quotes the app's message and names the contract key that
 * gives the deployment a value it accepts. A refusal is the gate's problem (its test data),
 * not the release's: tests/reporter/failure-cause.ts makes it an `error`, cause gate.
 */

/** One value the gate typed: its `contract.data` key, the field's label and its name on the wire. */
export interface TypedField {
  key: string;
  label: string;
  name: string;
}

export class FormRefusedError extends Error {
  constructor(
    readonly messages: string[],
    readonly keys: string[],
  ) {
    super(
      `the form refused the gate's test data: ${messages.map((m) => `"${m}"`).join('; ')}; set ${keys.join(' / ')} in the environment file to a value this deployment accepts`,
    );
    this.name = 'FormRefusedError';
  }
}

/** Texts of the visible, non-empty validation messages; an invalid field contributes its description. */
export async function visibleFormErrors(page: Page, selectors: readonly string[]): Promise<{ messages: string[]; invalidFields: string[] }> {
  return page
    .evaluate(
      (sels) => {
        const messages: string[] = [];
        const invalidFields: string[] = [];
        const visible = (el: Element) => {
          const r = (el as HTMLElement).getBoundingClientRect?.();
          return !!r && r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        };
        for (const sel of sels) {
          for (const el of Array.from(document.querySelectorAll(sel))) {
            if (el.getAttribute('aria-invalid') === 'true') {
              invalidFields.push(el.getAttribute('name') || el.id);
              const described = (el.getAttribute('aria-describedby') || '')
                .split(/\s+/)
                .filter(Boolean)
                .map((id) => document.getElementById(id)?.textContent?.trim() ?? '');
              const own = (el as HTMLInputElement).validationMessage ?? '';
              for (const t of [...described, own]) if (t && !messages.includes(t)) messages.push(t);
              continue;
            }
            const text = (el.textContent ?? '').trim();
            if (text && visible(el) && !messages.includes(text)) messages.push(text);
          }
        }
        return { messages, invalidFields };
      },
      [...selectors],
    )
    .catch(() => ({ messages: [], invalidFields: [] }));
}

/** Pure: which typed values a refusal is about (named in the message or marked invalid); all when unclear. */
export function refusedKeys(app: string, fields: readonly TypedField[], messages: readonly string[], invalidFields: readonly string[]): string[] {
  const text = messages.join(' ').toLowerCase();
  const named = fields.filter((f) => invalidFields.includes(f.name) || [f.label, f.name, f.key].some((w) => w && text.includes(w.toLowerCase())));
  return (named.length > 0 ? named : fields).map((f) => dataKey(app, f.key));
}

/**
 * Clicks `submit` and returns the API's answer to the request `isAnswer` matches; throws
 * FormRefusedError when the form shows validation messages instead (before any answer, or with
 * a 400/422 answer), quoting them and naming the contract keys of the refused values.
 */
export async function submitAndRead(
  page: Page,
  opts: {
    app: string;
    selectors: readonly string[];
    fields: readonly TypedField[];
    isAnswer: (r: Response) => boolean;
    submit: () => Promise<void>;
    timeoutMs?: number;
  },
): Promise<{ status: number; body: any }> {
  const before = new Set((await visibleFormErrors(page, opts.selectors)).messages);
  const fresh = async () => {
    const now = await visibleFormErrors(page, opts.selectors);
    return { messages: now.messages.filter((m) => !before.has(m)), invalidFields: now.invalidFields };
  };
  let settled = false;
  const answer = page.waitForResponse(opts.isAnswer, { timeout: opts.timeoutMs ?? 15_000 }).then((r) => ({ kind: 'answer' as const, r }));
  const refusal = (async () => {
    while (!settled) {
      await new Promise((r) => setTimeout(r, 250));
      const seen = await fresh();
      // Only a refusal while no answer came: a message after the answer is the app's reply to it.
      if (!settled && seen.messages.length > 0) return { kind: 'refused' as const, ...seen };
    }
    return undefined;
  })();
  await opts.submit();
  const first = await Promise.race([answer, refusal.then((r) => r ?? new Promise<never>(() => {}))]).finally(() => {
    settled = true;
  });
  answer.catch(() => {});
  if (first.kind === 'refused') throw new FormRefusedError(first.messages, refusedKeys(opts.app, opts.fields, first.messages, first.invalidFields));
  const status = first.r.status();
  const body = await first.r.json().catch(() => null);
  if (status === 400 || status === 422) {
    // The API refused what the form sent: the page shows why (give it a moment to render).
    let seen = await fresh();
    for (let i = 0; i < 8 && seen.messages.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await fresh();
    }
    const apiMessage = typeof body?.message === 'string' ? body.message : Array.isArray(body?.message) ? body.message.join('; ') : undefined;
    const messages = seen.messages.length > 0 ? seen.messages : apiMessage ? [apiMessage] : [`HTTP ${status}`];
    throw new FormRefusedError(messages, refusedKeys(opts.app, opts.fields, [...messages, apiMessage ?? ''], seen.invalidFields));
  }
  return { status, body };
}
