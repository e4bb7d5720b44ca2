/**
 * Debian's headless Chromium driven by playwright-core (no browser download), with a fresh profile
 * per launch, and screenshots at desktop (1280) and mobile (375) widths into e2e/artifacts.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Route } from "playwright-core";
import { scriptSources } from "../bench/first-load.ts";
import { artifactsDir } from "./stack.ts";

export const CHROMIUM = process.env.COWATT_CHROMIUM ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "cowatt-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "Europe/Berlin",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves `<name>-desktop.png` (1280 wide) and `<name>-mobile.png` (375 wide), full page. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const [label, size] of [["desktop", { width: 1280, height: 900 }], ["mobile", { width: 375, height: 812 }]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300); // layout settles after the resize
    await page.screenshot({ path: join(artifactsDir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** Collects page errors, each with the URL it happened on, so a test can assert the page ran cleanly. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

export interface HeldScripts {
  /** Scripts requested after the document's own, waiting. */
  heldCount(): number;
  /** Resolves once a script is held: the page has hydrated and asked for lazy code. */
  firstHeld(): Promise<void>;
  /** Lets every held script (and later ones) through. */
  release(): Promise<void>;
}

/**
 * Holds every script the page requests beyond those its server-rendered HTML names (the first-load
 * JavaScript): lazily loaded code such as the wallet UI, so a test can act before it arrives.
 */
export async function holdLazyScripts(page: Page, documentUrl: string): Promise<HeldScripts> {
  const html = await (await fetch(documentUrl)).text();
  const firstLoad = new Set(scriptSources(html).map((src) => new URL(src, documentUrl).pathname));
  const held: Route[] = [];
  let released = false;
  let onHeld: () => void = () => undefined;
  const firstHeld = new Promise<void>((resolve) => (onHeld = resolve));
  const handler = async (route: Route) => {
    const path = new URL(route.request().url()).pathname;
    if (released || !path.endsWith(".js") || firstLoad.has(path)) return route.continue();
    held.push(route);
    onHeld();
  };
  await page.route("**/_next/static/chunks/**", handler);
  return {
    heldCount: () => held.length,
    firstHeld: () => firstHeld,
    release: async () => {
      released = true;
      await Promise.all(held.splice(0).map((route) => route.continue()));
      await page.unroute("**/_next/static/chunks/**", handler);
    },
  };
}
