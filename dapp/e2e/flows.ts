/** User flows shared by the browser tests. */
import type { Page } from "playwright-core";

/** Connects the injected wallet through RainbowKit's modal and signs the SIWE message. */
export async function connectAndSignIn(page: Page): Promise<void> {
  const dialog = page.getByRole("dialog");
  const signMessage = page.getByRole("button", { name: "Sign message" });
  // RainbowKit's modal can re-render while its wallet list mounts, detaching the wallet button for good on a busy
  // machine: close the modal and go again from where the flow stands (connected but not signed in shows the sign step).
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await dialog.isVisible())) await page.getByRole("button", { name: "Connect Wallet" }).first().click({ timeout: 20_000 });
      if (!(await signMessage.isVisible())) await dialog.getByRole("button", { name: /Browser Wallet/ }).click({ timeout: 10_000 });
      await signMessage.click({ timeout: 20_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape").catch(() => undefined);
      await dialog.waitFor({ state: "detached", timeout: 5_000 }).catch(() => undefined);
    }
  }
  await dialog.waitFor({ state: "detached" });
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
