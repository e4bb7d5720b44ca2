/**
 * Intl formatters, built once per locale and options. Building one looks up locale data and costs far
 * more than formatting with it, and a page formats thousands of values (order book ladders, production
 * charts, projections): profiling the asset page showed most of its script time in these constructors.
 */
type Locales = string | readonly string[] | undefined;

const formatters = new Map<string, unknown>();

function cached<T>(kind: string, locales: Locales, options: object, build: () => T): T {
  const key = `${kind}\u0000${JSON.stringify(locales ?? null)}\u0000${JSON.stringify(options)}`;
  let formatter = formatters.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function numberFormat(locales?: Locales, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached("number", locales, options, () => new Intl.NumberFormat(locales as string | string[] | undefined, options));
}

export function dateTimeFormat(locales?: Locales, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cached("date", locales, options, () => new Intl.DateTimeFormat(locales as string | string[] | undefined, options));
}

export function relativeTimeFormat(locales?: Locales, options: Intl.RelativeTimeFormatOptions = {}): Intl.RelativeTimeFormat {
  return cached("relative", locales, options, () => new Intl.RelativeTimeFormat(locales as string | string[] | undefined, options));
}

export function displayNames(locales: Locales, options: Intl.DisplayNamesOptions): Intl.DisplayNames {
  return cached("names", locales, options, () => new Intl.DisplayNames(locales as string | string[] | undefined, options));
}

/**
 * Loads the browser's locale data for the formatters pages need first (country names, dates) while the
 * page waits on the network. The first formatter of a kind costs tens of milliseconds (country names most),
 * which would otherwise land inside the render that shows the loaded data and lengthen that long task.
 */
export function prepareFormattersWhenIdle(): () => void {
  const prepare = () => {
    displayNames([], { type: "region" });
    dateTimeFormat(undefined, { dateStyle: "medium" });
  };
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(prepare, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(prepare, 0);
  return () => window.clearTimeout(handle);
}
