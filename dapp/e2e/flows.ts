/** User flows shared by the browser tests. */
import type { Page } from "playwright-core";

/** Connects the injected wallet through RainbowKit's modal and signs the SIWE message. */
export async function connectAndSignIn(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect Wallet" }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: /Browser Wallet/ }).click();
  await page.getByRole("button", { name: "Sign message" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
}

/** Opens RainbowKit's account modal (the button shows the shortened address) and disconnects. */
export async function disconnect(page: Page, address: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`^0x${address.slice(2, 4)}.*${address.slice(-4)}`) }).first().click();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Connect Wallet" }).first().waitFor();
}

/** The marketplace's cards once loaded: asset id and name, in page order. */
export async function visibleCards(page: Page): Promise<{ id: string; name: string }[]> {
  await page.getByTestId("result-count").filter({ hasNotText: "Loading" }).waitFor();
  return page.getByTestId("asset-card").evaluateAll((cards) =>
    cards.map((card) => ({
      id: card.getAttribute("data-asset-id") ?? "",
      name: card.querySelector("[data-testid=asset-name]")?.textContent ?? "",
    })),
  );
}
