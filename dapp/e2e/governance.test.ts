/**
 * Governance in the browser as Camille (test account #8, a KYC'd investor holding WATT and wind shares):
 * vote with a reason on the seeded active platform proposal; see why she cannot vote on the wind asset's
 * seeded maintenance proposal (her share votes were delegated to Jonas at its snapshot); take her share
 * votes back and delegate her WATT; propose a maintenance payment for the wind asset and vote on it with a
 * reason once voting opens. Every step is asserted on chain and on the page.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { abis } from "@cowatt/deployments";
import type { Address } from "viem";
import { collectPageErrors, launchBrowser, screenshots } from "./browser.ts";
import { connectAndSignIn } from "./flows.ts";
import { startStack, type Stack } from "./stack.ts";
import { devAccount, injectWallet } from "./wallet.ts";

const camille = devAccount(8);
const jonas = devAccount(7);
const lucia = devAccount(6);
const windOperator = devAccount(3);

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let pageErrors: string[];
let platformGovernor: { address: Address; abi: typeof abis.PlatformGovernor };
let windGovernor: { address: Address; abi: typeof abis.AssetGovernor };
let energyAsset: { address: Address; abi: typeof abis.EnergyAsset };
let watt: { address: Address; abi: typeof abis.WattToken };
let windId: bigint;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  await injectWallet(browser.context, { account: camille, rpcUrl: stack.rpcUrl, chainId: stack.record.chainId });
  page = await browser.context.newPage();
  pageErrors = collectPageErrors(page);
  platformGovernor = { address: stack.record.contracts.PlatformGovernor!.address, abi: abis.PlatformGovernor };
  windGovernor = { address: stack.governanceSeed.windGovernance.governor, abi: abis.AssetGovernor };
  energyAsset = { address: stack.record.contracts.EnergyAsset.address, abi: abis.EnergyAsset };
  watt = { address: stack.record.contracts.WattToken!.address, abi: abis.WattToken };
  windId = stack.seed.assetIds.wind;
  await page.goto(`${stack.appUrl}/governance`);
  await connectAndSignIn(page);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const read = <T>(contract: { address: Address; abi: readonly unknown[] }, functionName: string, args: readonly unknown[] = []) =>
  stack.chain.readContract({ ...contract, functionName, args } as never) as Promise<T>;

const proposalUrl = (governor: Address, id: bigint) => `${stack.appUrl}/governance/${governor.toLowerCase()}/${id}`;

async function voteWithReason(support: "for" | "against" | "abstain", reason: string) {
  await page.getByTestId(`support-${support}`).check();
  await page.getByTestId("vote-reason").fill(reason);
  await page.getByTestId("cast-vote").click();
  await page.getByTestId("vote-cast").waitFor({ timeout: 60_000 });
}

/** The reason the subgraph indexed for a vote, once it has indexed the block of the vote (at most 30 s). */
async function indexedReason(governor: Address, proposalId: bigint, voter: Address): Promise<string | undefined> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await stack.waitForIndexing();
    const { votes } = await stack.query<{ votes: { reason: string; voter: { id: string }; proposal: { proposalId: string } }[] }>(
      `query($governor: Bytes!) { votes(first: 1000, where: { governor: $governor }) { reason voter { id } proposal { proposalId } } }`,
      { governor: governor.toLowerCase() },
    );
    const vote = votes.find((v) => v.voter.id === voter.toLowerCase() && v.proposal.proposalId === proposalId.toString());
    if (vote || Date.now() > deadline) return vote?.reason;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("governance", () => {
  it("lists platform and asset proposals with their titles from IPFS and searches them", async () => {
    const cards = page.getByTestId("proposal-card");
    await page.getByTestId("proposal-title").filter({ hasText: "Double the WATT staking reward rate" }).waitFor();
    await page.getByTestId("proposal-title").filter({ hasText: "Gearbox inspection and oil change" }).waitFor();
    await page.getByTestId("proposal-title").filter({ hasText: "Lower the order-book trading fee" }).waitFor();
    assert.equal(await cards.count(), 3);
    const executed = cards.filter({ hasText: "Lower the order-book trading fee" });
    assert.equal(await executed.getByTestId("proposal-state").innerText(), "Executed");
    await page.getByLabel("Search proposals").fill("gearbox");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=proposal-card]").length === 1);
    assert.equal(await cards.first().getAttribute("data-scope"), "asset");
    await page.getByLabel("Search proposals").fill("");
    await screenshots(page, "governance-list");
  });

  it("votes with a reason on the active platform proposal", async () => {
    const proposalId = stack.governanceSeed.activePlatformProposal;
    const snapshot = await read<bigint>(platformGovernor, "proposalSnapshot", [proposalId]);
    const weight = await read<bigint>(platformGovernor, "getVotes", [camille.address, snapshot]);
    assert.ok(weight > 0n, "Camille held WATT votes at the snapshot");
    const [, forBefore] = await read<[bigint, bigint, bigint]>(platformGovernor, "proposalVotes", [proposalId]);

    await page.goto(proposalUrl(platformGovernor.address, proposalId));
    await page.getByTestId("proposal-heading").filter({ hasText: "Double the WATT staking reward rate" }).waitFor();
    await page.getByTestId("proposal-body").filter({ hasText: "Raise staking rewards" }).waitFor();
    assert.equal(await page.locator("[data-testid=proposal-timeline] [data-step=votingEnd]").getAttribute("data-status"), "current");
    await page.getByTestId("voting-power").filter({ hasText: "WATT" }).waitFor();
    const reason = "More stakers make the platform's votes harder to capture.";
    await voteWithReason("for", reason);

    assert.equal(await read<boolean>(platformGovernor, "hasVoted", [proposalId, camille.address]), true);
    const [, forAfter] = await read<[bigint, bigint, bigint]>(platformGovernor, "proposalVotes", [proposalId]);
    assert.equal(forAfter, forBefore + weight, "her whole snapshot weight counts For");
    assert.equal(await indexedReason(platformGovernor.address, proposalId, camille.address), reason);
    await page.locator(`[data-testid=vote-row][data-voter="${camille.address.toLowerCase()}"]`).filter({ hasText: reason }).waitFor({ timeout: 30_000 });
    await screenshots(page, "governance-platform-voted");
  });

  it("explains that her share votes were delegated at the wind maintenance proposal's snapshot", async () => {
    const proposalId = stack.governanceSeed.activeAssetProposal;
    const snapshot = await read<bigint>(windGovernor, "proposalSnapshot", [proposalId]);
    assert.equal(await read<bigint>(windGovernor, "getVotes", [camille.address, snapshot]), 0n);
    assert.equal(await read<Address>(energyAsset, "delegates", [windId, camille.address]), jonas.address);
    await page.goto(proposalUrl(windGovernor.address, proposalId));
    await page.getByTestId("proposal-heading").filter({ hasText: "Gearbox inspection" }).waitFor();
    await page.getByText("You had no votes when this proposal was created").waitFor();
    assert.equal(await page.getByTestId("cast-vote").isDisabled(), true);
    assert.match(await page.getByTestId("quorum").innerText(), /shares/);
    await screenshots(page, "governance-asset-no-votes");
  });

  it("takes her wind share votes back and delegates her WATT to Lucía", async () => {
    const shares = await read<bigint>(energyAsset, "balanceOf", [camille.address, windId]);
    const jonasVotes = await read<bigint>(energyAsset, "getVotes", [windId, jonas.address]);
    await page.goto(`${stack.appUrl}/governance`);
    const panel = page.getByTestId("share-delegation");
    await panel.getByTestId("share-delegated-to").filter({ hasText: jonas.address.slice(0, 6) }).waitFor();
    await page.getByTestId(`asset-${windId}-delegate-self`).click();
    await page.getByTestId(`asset-${windId}-delegate-status`).locator("[data-phase=confirmed]").waitFor({ timeout: 60_000 });
    assert.equal(await read<Address>(energyAsset, "delegates", [windId, camille.address]), camille.address);
    assert.equal(await read<bigint>(energyAsset, "getVotes", [windId, camille.address]), shares);
    assert.equal(await read<bigint>(energyAsset, "getVotes", [windId, jonas.address]), jonasVotes - shares);
    await panel.getByTestId("share-votes").filter({ hasText: shares.toLocaleString("en-GB") }).waitFor();

    // Her WATT votes are her wallet balance plus what she has staked (the staking vault keeps it counted).
    const camilleVotes = await read<bigint>(watt, "getVotes", [camille.address]);
    assert.ok(camilleVotes > await read<bigint>(watt, "balanceOf", [camille.address]), "staked WATT counts in her votes");
    const luciaVotes = await read<bigint>(watt, "getVotes", [lucia.address]);
    await page.getByTestId("watt-delegatee").fill("0x1234");
    await page.getByTestId("watt-delegate").click();
    await page.getByText("Enter a wallet address").waitFor();
    await page.getByTestId("watt-delegatee").fill(lucia.address);
    await page.getByTestId("watt-delegate").click();
    await page.getByTestId("watt-delegate-status").locator("[data-phase=confirmed]").waitFor({ timeout: 60_000 });
    assert.equal(await read<Address>(watt, "delegates", [camille.address]), lucia.address);
    assert.equal(await read<bigint>(watt, "getVotes", [lucia.address]), luciaVotes + camilleVotes);
    assert.equal(await read<bigint>(watt, "getVotes", [camille.address]), 0n);
    await page.getByTestId("watt-delegated-to").filter({ hasText: lucia.address.slice(0, 6) }).waitFor();
    await screenshots(page, "governance-delegated");
  });

  it("proposes a maintenance payment for the wind asset and votes on it with a reason", async () => {
    const countBefore = (await stack.query<{ proposals: { id: string }[] }>(`{ proposals { id } }`)).proposals.length;
    await page.goto(`${stack.appUrl}/governance/new`);
    await page.getByTestId("proposal-governor").waitFor().catch(async (error: Error) => {
      await screenshots(page, "governance-new-failed");
      throw new Error(`${error.message}\npage: ${await page.locator("main").innerText().catch(() => "?")}\nerrors: ${pageErrors.join("\n")}`);
    });
    const governorSelect = page.getByTestId("proposal-governor");
    await page.locator(`[data-testid=proposal-governor] option[value="${windGovernor.address.toLowerCase()}"]`).waitFor({ state: "attached" }).catch(async (error: Error) => {
      await screenshots(page, "governance-new-failed");
      throw new Error(`${error.message}\noptions: ${await governorSelect.innerHTML()}\nerrors: ${pageErrors.join("\n")}`);
    });
    assert.equal(await governorSelect.locator(`option[value="${windGovernor.address.toLowerCase()}"]`).innerText(), "Nordwind Eifel WEA 2.3 MW (shareholders)");
    await governorSelect.selectOption(windGovernor.address.toLowerCase());
    const threshold = page.getByTestId("proposal-threshold").filter({ hasNotText: "Reading" });
    await threshold.waitFor().catch(async (error: Error) => {
      await screenshots(page, "governance-new-failed");
      throw new Error(`${error.message}\npage: ${await page.locator("main").innerText().catch(() => "?")}\nerrors: ${pageErrors.join("\n")}`);
    });
    assert.match(await threshold.innerText(), /You hold 2,500 share votes; the threshold is 230\./);
    await page.getByLabel("Title").fill("Replace the anemometer, Nordwind Eifel WEA");
    await page.getByLabel("Description").fill("The nacelle anemometer drifts by 4 %; replace it so curtailment decisions use true wind speeds.");
    await page.getByLabel("Pay to").fill(windOperator.address);
    await page.getByLabel(/Amount/).fill("1200");
    await page.getByLabel(/Invoice/).fill("bafkreianemometerinvoice2026");
    await page.getByTestId("submit-proposal").click();
    const open = page.getByRole("link", { name: "Open it" });
    await open.waitFor({ timeout: 60_000 });
    const href = (await open.getAttribute("href"))!;
    const proposalId = BigInt(href.split("/").at(-1)!);
    assert.equal(await read<number>(windGovernor, "state", [proposalId]), 0, "Pending until the voting delay passes");
    await stack.waitForIndexing();
    const { proposals } = await stack.query<{ proposals: { id: string; description: string; proposer: string }[] }>(`{ proposals { id description proposer } }`);
    assert.equal(proposals.length, countBefore + 1);
    const created = proposals.find((p) => p.proposer === camille.address.toLowerCase())!;
    const stored = await (await fetch(`${stack.appUrl}/api/documents/${created.description.slice("ipfs://".length)}`)).json();
    assert.equal((stored as { title: string }).title, "Replace the anemometer, Nordwind Eifel WEA", "the document is stored under its CID");

    // The asset governor's voting delay (60 s on the dev settings) passes on the chain's clock.
    const delay = await read<bigint>(windGovernor, "votingDelay");
    await stack.chain.request({ method: "evm_increaseTime" as never, params: [Number(delay) + 1] as never });
    await stack.chain.request({ method: "evm_mine" as never, params: [] as never });
    assert.equal(await read<number>(windGovernor, "state", [proposalId]), 1, "Active");

    await open.click();
    await page.getByTestId("proposal-heading").filter({ hasText: "Replace the anemometer" }).waitFor();
    await page.getByTestId("voting-power").filter({ hasText: "shares" }).waitFor();
    const reason = "Cheap fix; wrong wind data costs more in curtailment.";
    await voteWithReason("for", reason);
    const weight = await read<bigint>(energyAsset, "balanceOf", [camille.address, windId]);
    const [, forVotes] = await read<[bigint, bigint, bigint]>(windGovernor, "proposalVotes", [proposalId]);
    assert.equal(forVotes, weight);
    assert.equal(await indexedReason(windGovernor.address, proposalId, camille.address), reason);
    await page.locator(`[data-testid=vote-row][data-voter="${camille.address.toLowerCase()}"]`).filter({ hasText: reason }).waitFor({ timeout: 30_000 });
    await screenshots(page, "governance-asset-voted");
    assert.deepEqual(pageErrors, []);
  });
});
