/**
 * The dApp's benchmark (issue 7): per route, the first-load JavaScript (gzip) of the production build
 * and Lighthouse's performance and accessibility scores, LCP and TBT, against the same local chain +
 * embedded subgraph + `next start` stack the browser tests use (e2e/stack.ts).
 *
 * Lighthouse runs the desktop preset with simulated throttling in Debian's Chromium; nothing needs the
 * network (map tiles off, no WalletConnect). Figures print as a table beside the targets and go to
 * bench/results.json. A benchmark, not a test: missed targets are reported, not failed.
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { launch, type LaunchedChrome } from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { CHROMIUM } from "../e2e/browser.ts";
import { dappDir, startStack } from "../e2e/stack.ts";
import { firstLoadJavaScript, type FirstLoadJavaScript } from "./first-load.ts";

const TARGETS = { accessibility: 95, performance: 90, lcpMs: 1500, firstLoadJsKB: 300 } as const;
/** Lighthouse runs per route; the median run (by performance score) is reported. */
const RUNS = Number(process.env.COWATT_BENCH_RUNS ?? 3);
const RESULTS_FILE = join(dappDir, "bench", "results.json");
let lighthouseVersion = "";

interface LighthouseFigures {
  performance: number;
  accessibility: number;
  lcpMs: number;
  tbtMs: number;
  /** The largest contentful paint's element (its HTML start), to see what the page showed. */
  lcpElement: string;
  /** Failed accessibility audits: id, title and the elements Lighthouse points at. */
  accessibilityFindings: { id: string; title: string; elements: string[] }[];
  loadAverage: number[];
}

interface RouteResult {
  route: string;
  url: string;
  firstLoadJs: FirstLoadJavaScript;
  lighthouse: LighthouseFigures;
  runs: { performance: number; accessibility: number; lcpMs: number; tbtMs: number; loadAverage1m: number }[];
}

function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function runLighthouse(chrome: LaunchedChrome, url: string): Promise<LighthouseFigures> {
  const loadAverage = loadavg().map((value) => round(value, 2));
  const result = await lighthouse(
    url,
    { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] },
    {
      ...desktopConfig,
      settings: {
        ...desktopConfig.settings,
        throttlingMethod: "simulate",
        onlyCategories: ["performance", "accessibility"],
        // Offline machine: no full-page screenshot upload, no third-party entity lookups matter; keep it lean.
        disableFullPageScreenshot: true,
      },
    },
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  lighthouseVersion = lhr.lighthouseVersion;
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: string) => round((lhr.categories[id]?.score ?? 0) * 100);
  const accessibilityFindings = (lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id])
    .filter((audit): audit is NonNullable<typeof audit> => audit !== undefined && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary")
    .map((audit) => {
      const items = (audit.details as { items?: { node?: { snippet?: string; selector?: string } }[] } | undefined)?.items ?? [];
      return { id: audit.id, title: audit.title, elements: items.map((item) => item.node?.snippet ?? item.node?.selector ?? "").filter(Boolean) };
    });
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    lcpMs: round(lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN),
    tbtMs: round(lhr.audits["total-blocking-time"]?.numericValue ?? Number.NaN),
    lcpElement: lcpElementOf(lhr.audits["largest-contentful-paint-element"]?.details),
    accessibilityFindings,
    loadAverage,
  };
}

/** The LCP element's snippet from Lighthouse's audit details (a list of tables; the first names the node). */
function lcpElementOf(details: unknown): string {
  const tables = (details as { items?: { items?: { node?: { snippet?: string; nodeLabel?: string } }[] }[] } | undefined)?.items ?? [];
  const node = tables[0]?.items?.[0]?.node;
  return node ? `${node.snippet ?? ""} (${node.nodeLabel ?? ""})`.slice(0, 300) : "";
}

function median<T>(runs: T[], key: (run: T) => number): T {
  return [...runs].sort((a, b) => key(a) - key(b))[Math.floor((runs.length - 1) / 2)]!;
}

function mark(pass: boolean): string {
  return pass ? "ok" : "MISS";
}

function printTable(results: RouteResult[]): void {
  const header = ["route", `first-load JS gzip (≤ ${TARGETS.firstLoadJsKB} kB)`, `performance (≥ ${TARGETS.performance})`, `accessibility (≥ ${TARGETS.accessibility})`, `LCP (≤ ${TARGETS.lcpMs / 1000} s)`, "TBT", "load avg 1m"];
  const rows = results.map((r) => [
    r.route,
    `${r.firstLoadJs.gzipKB.toFixed(1)} kB ${mark(r.firstLoadJs.gzipKB <= TARGETS.firstLoadJsKB)}`,
    `${r.lighthouse.performance} ${mark(r.lighthouse.performance >= TARGETS.performance)}`,
    `${r.lighthouse.accessibility} ${mark(r.lighthouse.accessibility >= TARGETS.accessibility)}`,
    `${(r.lighthouse.lcpMs / 1000).toFixed(2)} s ${mark(r.lighthouse.lcpMs <= TARGETS.lcpMs)}`,
    `${r.lighthouse.tbtMs} ms`,
    String(r.lighthouse.loadAverage[0]),
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  // The default map tiles come from a public tile server; this machine (and a fair benchmark) has no network.
  process.env.COWATT_MAP_TILES = "none";
  const stack = await startStack();
  let chrome: LaunchedChrome | undefined;
  try {
    const routes = [
      { route: "/ (marketplace)", path: "/" },
      { route: "/assets/[id] (wind)", path: `/assets/${stack.seed.assetIds.wind}` },
      { route: "/portfolio", path: "/portfolio" },
    ];
    chrome = await launch({
      chromePath: CHROMIUM,
      chromeFlags: [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
      ],
      logLevel: "error",
    });
    const results: RouteResult[] = [];
    for (const { route, path } of routes) {
      const url = `${stack.appUrl}${path}`;
      const firstLoadJs = await firstLoadJavaScript(url);
      // One warm-up load so `next start` has compiled nothing lazily and caches are as a returning server's.
      await fetch(url).then((response) => response.text());
      const runs: LighthouseFigures[] = [];
      for (let run = 0; run < RUNS; run++) {
        runs.push(await runLighthouse(chrome, url));
        process.stderr.write(`[bench] ${route} run ${run + 1}/${RUNS}: performance ${runs.at(-1)!.performance}, LCP ${runs.at(-1)!.lcpMs} ms\n`);
      }
      results.push({
        route, url: path, firstLoadJs,
        lighthouse: median(runs, (run) => run.performance),
        runs: runs.map(({ performance, accessibility, lcpMs, tbtMs, loadAverage }) => ({ performance, accessibility, lcpMs, tbtMs, loadAverage1m: loadAverage[0]! })),
      });
    }
    printTable(results);
    for (const result of results) {
      console.log(`LCP element ${result.route}: ${result.lighthouse.lcpElement || "(none)"}`);
      for (const finding of result.lighthouse.accessibilityFindings) {
        console.log(`accessibility ${result.route}: ${finding.id} — ${finding.title}${finding.elements.length ? `\n    ${finding.elements.slice(0, 5).join("\n    ")}` : ""}`);
      }
    }
    const marketplace = results[0]!;
    writeFileSync(
      RESULTS_FILE,
      `${JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          method: {
            build: "next build (Turbopack) served by next start, against the e2e stack (Hardhat node, seeded demo, embedded subgraph)",
            firstLoadJs: "every <script src> of the route's server-rendered HTML, each file from the build gzipped (level 9); kB = 1000 bytes",
            lighthouse: `Lighthouse ${lighthouseVersion}, desktop preset, simulated throttling, Debian Chromium headless; median of ${RUNS} runs by performance`,
            offline: "COWATT_MAP_TILES=none (locations as a list), no WalletConnect; the wallet is not connected",
            routes: "the asset page is the seeded wind asset's (specification, projection, production, order book from the seeded chain and subgraph); the portfolio needs a connected wallet for positions, so without one it measures the page shell with its connect prompt",
            note: "the machine is shared and loaded: performance, LCP and TBT are pessimistic; see loadAverage",
          },
          targets: TARGETS,
          marketplaceMeetsTargets: {
            accessibility: marketplace.lighthouse.accessibility >= TARGETS.accessibility,
            performance: marketplace.lighthouse.performance >= TARGETS.performance,
            lcp: marketplace.lighthouse.lcpMs <= TARGETS.lcpMs,
            firstLoadJs: marketplace.firstLoadJs.gzipKB <= TARGETS.firstLoadJsKB,
          },
          routes: results,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`written to ${RESULTS_FILE}`);
  } finally {
    await chrome?.kill();
    await stack.stop();
  }
}

await main();
