import { chromium } from "playwright-core";
import { CHROMIUM } from "../e2e/browser.ts";
import { startStack } from "../e2e/stack.ts";
process.env.COWATT_MAP_TILES = "none";
const stack = await startStack();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route("**/_next/static/chunks/*.js", async (route) => { await gate; await route.continue(); });
  await page.goto(`${stack.appUrl}/`, { waitUntil: "commit" });
  const search = page.getByLabel("Search assets");
  await search.waitFor();
  await search.fill("wind");
  console.log("before hydration:", await search.inputValue());
  release();
  await page.waitForTimeout(5000);
  console.log("after hydration:", await search.inputValue(), "url:", page.url(), "cards:", await page.getByTestId("asset-card").count());
} finally {
  await browser.close();
  await stack.stop();
}
