/**
 * First-load JavaScript of a route: every script the server-rendered HTML makes the browser load
 * (`<script src>` and `<link rel="preload" as="script">`, which with Turbopack's App Router are the
 * shared runtime chunks plus the route's own), fetched from `next start` as served and gzipped.
 */
import { gzipSync } from "node:zlib";

export interface FirstLoadJavaScript {
  gzipKB: number;
  rawKB: number;
  chunks: { src: string; gzipBytes: number; rawBytes: number }[];
}

/** The script URLs an HTML document loads, in document order, without duplicates. */
export function scriptSources(html: string): string[] {
  const sources = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attribute = (name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`, "i"))?.[1];
    if (tag.toLowerCase().startsWith("<script") && attribute("src")) sources.add(attribute("src")!);
    else if (tag.toLowerCase().startsWith("<link") && attribute("rel") === "preload" && attribute("as") === "script" && attribute("href")) {
      sources.add(attribute("href")!);
    }
  }
  return [...sources].map((source) => source.replaceAll("&amp;", "&"));
}

export async function firstLoadJavaScript(url: string): Promise<FirstLoadJavaScript> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const sources = scriptSources(await response.text());
  if (sources.length === 0) throw new Error(`${url} loads no script: the HTML is not a Next.js page`);
  const chunks = await Promise.all(
    sources.map(async (src) => {
      const chunk = await fetch(new URL(src, url));
      if (!chunk.ok) throw new Error(`${src} answered ${chunk.status}`);
      const bytes = Buffer.from(await chunk.arrayBuffer());
      return { src, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }),
  );
  const kB = (bytes: number) => Math.round(bytes / 100) / 10;
  return {
    gzipKB: kB(chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0)),
    rawKB: kB(chunks.reduce((sum, chunk) => sum + chunk.rawBytes, 0)),
    chunks: chunks.sort((a, b) => b.gzipBytes - a.gzipBytes),
  };
}
