/**
 * Reads every page of a listing before anything is deleted: deleting while paging shifts the
 * later pages, and a record would be skipped. A cap keeps a listing that never says "last"
 * (a broken `totalPages`) from looping forever; hitting it is an error, not a silent stop.
 */
export async function collectPages<T>(fetchPage: (index: number) => Promise<{ items: T[]; last: boolean }>, what: string, maxPages = 100): Promise<T[]> {
  const all: T[] = [];
  for (let index = 0; index < maxPages; index++) {
    const page = await fetchPage(index);
    all.push(...page.items);
    if (page.last || page.items.length === 0) return all;
  }
  throw new Error(`${what}: still more after ${maxPages} pages; narrow the listing or raise the cap in src/cleanup/paging.ts`);
}
