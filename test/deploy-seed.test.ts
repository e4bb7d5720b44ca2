import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import hre, { network } from "hardhat";
import { abis } from "@cowatt/deployments";
import { getAddress, parseEther, parseEventLogs } from "viem";
import { deployPlatform, devAccounts } from "../scripts/lib/deploy.ts";
import { cidOf, seedDemo } from "../scripts/lib/seed.ts";
import { ALLOCATION_TABLE, deployGovernance, devGovernanceAccounts, WATT_CAP } from "../scripts/lib/deploy-governance.ts";
import { seedGovernance, SEEDED_TRADING_FEE_BPS } from "../scripts/lib/seed-governance.ts";
import { roles } from "../scripts/lib/roles.ts";
import { investors } from "../scripts/seed-data/demo.ts";
import { OFFERING_STATUS, STATUS, eur } from "./helpers/fixture.ts";

describe("deploy + seed (the demo state the dApp shows)", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const metadataDir = mkdtempSync(join(tmpdir(), "cowatt-metadata-"));

  const seeded = async () => {
    const wallets = await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    const platform = await deployPlatform(
      hre,
      connection,
      devAccounts(wallets.map((wallet) => wallet.account.address)),
      "hardhat",
    );
    const governance = await deployGovernance(
      hre,
      connection,
      platform,
      devGovernanceAccounts(wallets.map((wallet) => wallet.account.address)),
      { production: false },
    );
    const seed = await seedDemo({ platform, publicClient, wallets, metadataDir });
    const governanceSeed = await seedGovernance({ platform, governance, publicClient, wallets, demo: seed, metadataDir });
    return { platform, governance, seed, governanceSeed, publicClient, wallets };
  };

  it("records every contract with its address, implementation and start block", async () => {
    const { platform, publicClient } = await networkHelpers.loadFixture(seeded);
    const { deployment } = platform;
    assert.equal(deployment.chainId, 31337);
    for (const [name, contract] of Object.entries(deployment.contracts)) {
      const code = await publicClient.getCode({ address: contract.address });
      assert.ok(code && code.length > 2, `${name} has code`);
      assert.ok(contract.startBlock > 0, `${name} has a start block`);
      const creationBlockCode = await publicClient.getCode({
        address: contract.address,
        blockNumber: BigInt(contract.startBlock - 1),
      });
      assert.equal(creationBlockCode, undefined, `${name} did not exist before its start block`);
    }
    assert.ok(deployment.contracts.EnergyAsset.implementation);
    assert.equal(deployment.contracts.DevStablecoin.implementation, undefined);
  });

  it("records every WATT vesting wallet with its beneficiary, schedule and allocation as minted", async () => {
    const { platform, governance, publicClient } = await networkHelpers.loadFixture(seeded);
    const vesting = platform.deployment.vestingWallets ?? [];
    assert.deepEqual(vesting.map((wallet) => wallet.name), ALLOCATION_TABLE.vesting.map((row) => row.name));
    for (const wallet of vesting) {
      const row = ALLOCATION_TABLE.vesting.find((candidate) => candidate.name === wallet.name)!;
      const contract = { address: wallet.address, abi: abis.VotingVestingWallet } as const;
      assert.equal(wallet.address, governance.vestingWallets[wallet.name]);
      assert.equal(getAddress(await publicClient.readContract({ ...contract, functionName: "owner" })), getAddress(wallet.beneficiary));
      assert.equal(await publicClient.readContract({ ...contract, functionName: "start" }), BigInt(wallet.start));
      assert.equal(await publicClient.readContract({ ...contract, functionName: "duration" }), BigInt(wallet.durationSeconds));
      assert.equal(await publicClient.readContract({ ...contract, functionName: "cliff" }), BigInt(wallet.start + wallet.cliffSeconds));
      assert.equal(BigInt(wallet.allocation), row.amount);
      const atMint = BigInt(governance.records.WattToken.startBlock);
      assert.equal(await governance.watt.read.balanceOf([wallet.address], { blockNumber: atMint }), row.amount);
      assert.ok(wallet.startBlock > 0 && wallet.startBlock < atMint);
    }
  });

  it("seeds assets in five lifecycle states, read through the generated ABIs", async () => {
    const { platform, seed, publicClient } = await networkHelpers.loadFixture(seeded);
    const energyAsset = { address: platform.deployment.contracts.EnergyAsset.address, abi: abis.EnergyAsset } as const;
    const status = async (id: bigint) =>
      (await publicClient.readContract({ ...energyAsset, functionName: "asset", args: [id] })).status;
    assert.equal(await publicClient.readContract({ ...energyAsset, functionName: "assetCount" }), 5n);
    assert.equal(await status(seed.assetIds.wind), STATUS.Active);
    assert.equal(await status(seed.assetIds.solar), STATUS.Offering);
    assert.equal(await status(seed.assetIds.rooftop), STATUS.UnderReview);
    assert.equal(await status(seed.assetIds.hydro), STATUS.Submitted);
    assert.equal(await status(seed.assetIds.biomass), STATUS.Rejected);

    const spec = await publicClient.readContract({ ...energyAsset, functionName: "assetSpec", args: [seed.assetIds.solar] });
    assert.equal(spec.name, "Sol de Castilla 5 MW");
    assert.equal(spec.capacityW, 5_000_000n);
    assert.equal(spec.country, 724);

    const rejection = await publicClient.getContractEvents({
      ...energyAsset,
      eventName: "AssetStatusChanged",
      args: { assetId: seed.assetIds.biomass, next: STATUS.Rejected },
      fromBlock: 0n,
    });
    assert.equal(rejection.length, 1);
    assert.match(rejection[0]!.args.reason!, /Grid access approval/);
  });

  it("the active wind turbine has holders, votes and secondary transfers", async () => {
    const { platform, seed } = await networkHelpers.loadFixture(seeded);
    const { energyAsset } = platform;
    const wind = seed.assetIds.wind;
    assert.equal(await energyAsset.read.totalSupply([wind]), 23_000n);
    assert.equal(await energyAsset.read.holderCount([wind]), 8n); // seven investors and a linked wallet
    const [lucia, jonas, camille] = seed.investors;
    // 3,000 bought, 200 from Marco, 150 bought on the order book.
    assert.equal(await energyAsset.read.balanceOf([lucia!.address, wind]), 3_350n);
    assert.equal(await energyAsset.read.balanceOf([seed.linkedWallet, wind]), 300n);
    // Jonas votes with his own 3,740 shares (120 of them escrowed under his ask) and Camille's 2,500.
    assert.equal(await energyAsset.read.balanceOf([jonas!.address, wind]), 3_740n);
    assert.equal(await energyAsset.read.escrowedBalance([wind, jonas!.address]), 120n);
    assert.equal(await energyAsset.read.getVotes([wind, jonas!.address]), 6_240n);
    assert.equal(getAddress(await energyAsset.read.delegates([wind, camille!.address])), getAddress(jonas!.address));
    assert.equal(await energyAsset.read.getVotes([wind, camille!.address]), 0n);
  });

  it("the wind turbine's order book has trades behind it and resting orders on both sides", async () => {
    const { platform, seed, publicClient } = await networkHelpers.loadFixture(seeded);
    const { orderBook, stablecoin } = platform;
    const wind = seed.assetIds.wind;
    assert.deepEqual(await orderBook.read.bestBid([wind]), [eur(149), 80n]);
    assert.deepEqual(await orderBook.read.bestAsk([wind]), [eur(155), 40n]);
    assert.deepEqual(
      (await orderBook.read.depth([wind, 1, 10n])).map((level) => [level.price, level.shares]),
      [[eur(155), 40n], [eur(158), 200n], [eur(160), 120n], [eur(165), 75n]],
    );
    const trades = await publicClient.getContractEvents({
      address: orderBook.address,
      abi: abis.OrderBook,
      eventName: "Trade",
      fromBlock: 0n,
    });
    assert.deepEqual(
      trades.map((trade) => [trade.args.price, trade.args.shares]),
      [[eur(152), 150n], [eur(155), 60n], [eur(150), 40n]],
    );
    // Escrow equals the open bids: 80 × 149 + 120 × 147 + 50 × 145.
    const bids = eur(80 * 149 + 120 * 147 + 50 * 145);
    assert.equal(await orderBook.read.escrowedFunds(), bids);
    assert.equal(await stablecoin.read.balanceOf([orderBook.address]), bids);
  });

  it("three settled months of wind revenue: some holders claimed or reinvested, others have revenue waiting", async () => {
    const { platform, seed, publicClient } = await networkHelpers.loadFixture(seeded);
    const { revenueDistributor, revenueSettlement, stablecoin } = platform;
    const wind = seed.assetIds.wind;
    const settled = await publicClient.getContractEvents({
      address: revenueSettlement.address,
      abi: abis.RevenueSettlement,
      eventName: "Settled",
      fromBlock: 0n,
    });
    assert.equal(settled.length, 3);
    const statements = settled.map((event) => event.args.statement!);
    // gross = energy × price; net = (gross − expenses) − fee: check the first month exactly.
    const first = statements[0]!;
    assert.equal(first.energyWh, 482_300_000n);
    assert.equal(first.gross, (482_300_000n * 7_840_000_000n * 10n ** 6n) / (10n ** 6n * 10n ** 8n));
    assert.equal(first.expenses, eur(7_350));
    assert.equal(first.net + first.platformFee, first.gross - first.expenses);
    const deposited = statements.reduce((sum, statement) => sum + statement.net, 0n);
    assert.equal(await revenueDistributor.read.totalDeposited([wind]), deposited);

    const [lucia, jonas, camille, , ines] = seed.investors;
    assert.equal(await revenueDistributor.read.claimable([wind, lucia!.address]), 0n);
    assert.equal(await revenueDistributor.read.claimable([wind, jonas!.address]), 0n);
    const reinvested = await publicClient.getContractEvents({
      address: revenueDistributor.address,
      abi: abis.RevenueDistributor,
      eventName: "RevenueReinvested",
      fromBlock: 0n,
    });
    assert.deepEqual(
      reinvested.map((event) => [getAddress(event.args.holder!), event.args.amount]),
      [[getAddress(ines!.address), eur(2_000)]],
    );
    assert.ok((await revenueDistributor.read.claimable([wind, ines!.address])) > 0n, "Inês keeps the rest");
    assert.ok((await revenueDistributor.read.claimable([wind, camille!.address])) > 0n, "Camille has revenue waiting");
    const claimed = await revenueDistributor.read.totalClaimed([wind]);
    assert.ok(claimed > 0n && claimed < deposited);
    // What the distributor holds covers everything still owed.
    assert.ok((await stablecoin.read.balanceOf([revenueDistributor.address])) >= deposited - claimed);
  });

  it("the solar offering is open and escrows every purchase", async () => {
    const { platform, seed } = await networkHelpers.loadFixture(seeded);
    const { offering, stablecoin } = platform;
    const state = await offering.read.state([seed.openOfferingId]);
    assert.equal(state.status, OFFERING_STATUS.Open);
    // 13,500 shares bought, and 20 more reinvested from Inês's wind revenue.
    assert.equal(state.sharesSold, 13_520n);
    assert.equal(state.raised, eur(1_352_000));
    assert.equal(state.investorCount, 5);
    assert.equal(await offering.read.escrowBalance(), eur(1_352_000));
    assert.equal(await stablecoin.read.balanceOf([offering.address]), eur(1_352_000));
  });

  it("investors are KYC'd (one with two wallets), a visitor is not, roles are in place", async () => {
    const { platform, seed, wallets } = await networkHelpers.loadFixture(seeded);
    const { identityRegistry, energyAsset, compliance } = platform;
    assert.equal(seed.investors.length, investors.length);
    for (const investor of seed.investors) assert.equal(await identityRegistry.read.isVerified([investor.address]), true);
    assert.equal(await identityRegistry.read.identityOf([seed.linkedWallet]), 2n);
    assert.equal(await identityRegistry.read.walletCount([2n]), 2n);
    assert.equal(await identityRegistry.read.isVerified([seed.unverifiedVisitor]), false);
    const ops = wallets[1]!.account.address;
    assert.equal(await energyAsset.read.hasRole([roles.VERIFIER, ops]), true);
    assert.equal(await energyAsset.read.hasRole([roles.ISSUER, platform.offering.address]), true);
    assert.equal(await compliance.read.hasRole([roles.COMPLIANCE_OFFICER, ops]), true);
    assert.equal(await identityRegistry.read.hasRole([roles.KYC_AGENT, ops]), true);
  });

  it("writes each asset's metadata document under its content CID", async () => {
    const { platform, seed, publicClient } = await networkHelpers.loadFixture(seeded);
    const files = readdirSync(metadataDir);
    for (const id of Object.values(seed.assetIds)) {
      const spec = await platform.energyAsset.read.assetSpec([id]);
      assert.ok(files.includes(`${spec.metadataCID}.json`), `metadata of asset ${id} written`);
      const bytes = readFileSync(join(metadataDir, `${spec.metadataCID}.json`));
      assert.equal(await cidOf(bytes), spec.metadataCID);
      assert.equal(JSON.parse(bytes.toString()).name, spec.name);
    }
    // Registration events carry the full specification for indexers.
    const logs = await publicClient.getLogs({ address: platform.energyAsset.address, fromBlock: 0n });
    const registered = parseEventLogs({ abi: abis.EnergyAsset, logs, eventName: "AssetRegistered" });
    assert.equal(registered.length, 5);
  });

  it("WATT was earned by real reward actions and claimed; some of it is staked and keeps its votes", async () => {
    const { governance, seed, publicClient } = await networkHelpers.loadFixture(seeded);
    const { watt, rewardsManager, staking } = governance;
    const accrued = await publicClient.getContractEvents({
      address: rewardsManager.address,
      abi: abis.RewardsManager,
      eventName: "RewardAccrued",
      fromBlock: 0n,
    });
    const categories = new Set(accrued.map((event) => event.args.category));
    assert.deepEqual([...categories].sort(), [0, 1, 2, 3]); // onboarding, first investment, referral, usage
    const claimed = await publicClient.getContractEvents({
      address: rewardsManager.address,
      abi: abis.RewardsManager,
      eventName: "RewardClaimed",
      fromBlock: 0n,
    });
    assert.equal(claimed.length, investors.length);
    const [lucia] = seed.investors;
    // Lucía: onboarding 100 + first investment 250 + two referrals 2 × 50, 100 staked; her vote's 10 pending.
    assert.equal(await watt.read.balanceOf([lucia!.address]), parseEther("350"));
    assert.equal(await watt.read.stakedBalance([lucia!.address]), parseEther("100"));
    assert.equal(await watt.read.getVotes([lucia!.address]), parseEther("450"));
    assert.equal(await rewardsManager.read.pendingRewards([lucia!.address]), parseEther("10"));
    assert.equal(await staking.read.totalStaked(), parseEther("450"));
    assert.ok((await staking.read.earned([lucia!.address])) > 0n);
    assert.ok((await watt.read.totalSupply()) <= WATT_CAP);
  });

  it("one platform proposal executed through the timelock (the trading fee), one active with votes", async () => {
    const { platform, governance, governanceSeed } = await networkHelpers.loadFixture(seeded);
    const { governor } = governance;
    assert.equal(await platform.orderBook.read.feeBps(), SEEDED_TRADING_FEE_BPS);
    assert.equal(await governor.read.state([governanceSeed.executedPlatformProposal]), 7); // Executed
    assert.equal(await governor.read.state([governanceSeed.activePlatformProposal]), 1); // Active
    const [against, forVotes] = await governor.read.proposalVotes([governanceSeed.activePlatformProposal]);
    assert.ok(forVotes > 0n && against > 0n);
  });

  it("the wind asset has its governor and timelock with a reserve, and an active maintenance proposal with votes", async () => {
    const { platform, governanceSeed, seed, publicClient } = await networkHelpers.loadFixture(seeded);
    const { windGovernance, activeAssetProposal } = governanceSeed;
    assert.equal(getAddress(await platform.energyAsset.read.assetGovernance([seed.assetIds.wind])), getAddress(windGovernance.timelock));
    const read = (functionName: "state" | "proposalVotes") =>
      publicClient.readContract({ address: windGovernance.governor, abi: abis.AssetGovernor, functionName, args: [activeAssetProposal] });
    assert.equal(await read("state"), 1); // Active
    const [, forVotes, abstain] = (await read("proposalVotes")) as readonly [bigint, bigint, bigint];
    assert.ok(forVotes > 0n && abstain > 0n);
    assert.equal(await platform.stablecoin.read.balanceOf([windGovernance.timelock]), eur(40_000));
    const files = readdirSync(metadataDir);
    const proposals = await publicClient.getContractEvents({
      address: windGovernance.governor,
      abi: abis.AssetGovernor,
      eventName: "ProposalCreated",
      fromBlock: 0n,
    });
    const description = proposals[0]!.args.description!;
    assert.ok(files.includes(`${description.replace("ipfs://", "")}.json`), "proposal document written under its CID");
  });
});
