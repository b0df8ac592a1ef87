/**
 * Fills a route template from the app profile (with the environment's overrides) with
 * `:param` values. One function so the suites, perf and load resolve routes alike.
 */
export function fillRoute(profileRoutes: Record<string, string>, overrides: Record<string, string>, key: string, params: Record<string, string> = {}): string {
  const template = overrides[key] ?? profileRoutes[key];
  if (!template) throw new Error(`Route "${key}" is not configured: add it to the app profile or to the environment's routes.`);
  return template.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Route "${key}" (${template}) needs a value for :${name}`);
    return encodeURIComponent(value);
  });
}
