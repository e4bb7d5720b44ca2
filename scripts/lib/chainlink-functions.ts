/**
 * Chainlink Functions on a local chain: Chainlink's real FunctionsRouter and FunctionsCoordinator (v1.0.0,
 * OCR2 transmit path), the LINK token and the LINK/ETH feed mock the coordinator's billing reads, configured
 * with the simulated DON's signers and transmitters (oracle-relay/don-simulator). Mirrors what
 * @chainlink/functions-toolkit's startLocalFunctionsTestnet wires, without its report-bypassing test coordinator.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { encodeAbiParameters, parseEther, stringToHex, type Address } from "viem";
import { confirmer } from "./confirm.ts";
import { addressesOf, type DonKeys } from "../../oracle-relay/don-simulator/keys.ts";

export const LOCAL_DON_ID = stringToHex("cowatt-local-don", { size: 32 });
/** LINK per ETH price of the feed mock (18 decimals): 0.006 ETH per LINK, as the toolkit simulates. */
export const LINK_ETH_PRICE = 6_000_000_000_000_000n;
export const ROUTER_CONFIG = {
  maxConsumersPerSubscription: 100,
  adminFee: 0n,
  handleOracleFulfillmentSelector: "0x0ca76175", // handleOracleFulfillment(bytes32,bytes,bytes)
  gasForCallExactCheck: 5_000,
  maxCallbackGasLimits: [300_000, 500_000, 1_000_000],
  subscriptionDepositMinimumRequests: 0,
  subscriptionDepositJuels: 0n,
} as const;
export const COORDINATOR_CONFIG = {
  // The estimate charged at request time assumes twice the request's gas price, so a transmit at a higher gas
  // price (a new block, another wallet's priority fee) is not refused as COST_EXCEEDS_COMMITMENT.
  fulfillmentGasPriceOverEstimationBP: 10_000,
  feedStalenessSeconds: 86_400,
  gasOverheadBeforeCallback: 44_615,
  gasOverheadAfterCallback: 44_615,
  requestTimeoutSeconds: 300,
  donFee: 0n,
  maxSupportedRequestDataVersion: 1,
  fallbackNativePerUnitLink: 5_000_000_000_000_000n,
} as const;

const ARTIFACT = {
  router: "@chainlink/contracts/src/v0.8/functions/v1_0_0/FunctionsRouter.sol:FunctionsRouter",
  coordinator: "@chainlink/contracts/src/v0.8/functions/v1_0_0/FunctionsCoordinator.sol:FunctionsCoordinator",
  link: "@chainlink/contracts/src/v0.8/shared/token/ERC677/LinkToken.sol:LinkToken",
  feed: "@chainlink/contracts/src/v0.8/shared/mocks/MockV3Aggregator.sol:MockV3Aggregator",
} as const;

/** Deploys LINK, the LINK/ETH feed, the router and the coordinator, routes the DON id and sets the OCR config. */
export async function deployFunctionsNetwork(connection: NetworkConnection, owner: Address, don: DonKeys) {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const wait = confirmer(publicClient, "Chainlink Functions set-up");
  const asOwner = { account: owner };
  const deployOptions = { client: { wallet: await viem.getWalletClient(owner) } };

  const linkToken = await viem.deployContract(ARTIFACT.link, [], deployOptions);
  const linkEthFeed = await viem.deployContract(ARTIFACT.feed, [18, LINK_ETH_PRICE], deployOptions);
  const router = await viem.deployContract(ARTIFACT.router, [linkToken.address, ROUTER_CONFIG], deployOptions);
  const coordinator = await viem.deployContract(
    ARTIFACT.coordinator,
    [router.address, COORDINATOR_CONFIG, linkEthFeed.address],
    deployOptions,
  );
  await wait(router.write.proposeContractsUpdate([[LOCAL_DON_ID], [coordinator.address]], asOwner));
  await wait(router.write.updateContracts(asOwner));

  const signers = addressesOf(don.signerKeys);
  const transmitters = addressesOf(don.transmitterKeys);
  await wait(coordinator.write.setConfig([signers, transmitters, don.f, "0x", 1n, "0x"], asOwner));
  // Transmitters pay the gas of each fulfilment.
  const ownerWallet = await viem.getWalletClient(owner);
  for (const transmitter of transmitters) {
    await wait(ownerWallet.sendTransaction({ to: transmitter, value: parseEther("100") }));
  }
  await wait(linkToken.write.grantMintRole([owner], asOwner));
  return { linkToken, linkEthFeed, router, coordinator, donId: LOCAL_DON_ID, signers, transmitters };
}

export type FunctionsNetwork = Awaited<ReturnType<typeof deployFunctionsNetwork>>;

/** Creates a subscription owned by `owner`, adds the consumers and funds it with `juels` freshly minted LINK. */
export async function createFundedSubscription(
  connection: NetworkConnection,
  functions: FunctionsNetwork,
  owner: Address,
  consumers: readonly Address[],
  juels = parseEther("1000"),
) {
  const publicClient = await connection.viem.getPublicClient();
  const wait = confirmer(publicClient, "Chainlink Functions subscription");
  const asOwner = { account: owner };
  const { result: subscriptionId } = await functions.router.simulate.createSubscription(asOwner);
  await wait(functions.router.write.createSubscription(asOwner));
  for (const consumer of consumers) await wait(functions.router.write.addConsumer([subscriptionId, consumer], asOwner));
  await wait(functions.linkToken.write.mint([owner, juels], asOwner));
  await wait(
    functions.linkToken.write.transferAndCall(
      [functions.router.address, juels, encodeAbiParameters([{ type: "uint64" }], [subscriptionId])],
      asOwner,
    ),
  );
  return subscriptionId;
}
