/**
 * What the server hands to the client providers at request time: the deployment record's chain and
 * contracts, the JSON-RPC endpoint and the subgraph URL. Nothing here is baked into the build, so one
 * production build serves any deployment (dev, tests, a testnet).
 */
import type { Address } from "viem";

export interface ContractRef {
  address: Address;
  startBlock: number;
}

export interface RuntimeConfig {
  /** Deployment record's network name (deployments/networks/<network>.json). */
  network: string;
  chainId: number;
  /** JSON-RPC endpoint the browser reads the chain through. */
  rpcUrl: string;
  /** graph-node compatible GraphQL endpoint of the CoWatt subgraph. */
  subgraphUrl: string;
  /** Block explorer base URL for transaction links, when the chain has one. */
  explorerUrl: string | null;
  /** Map tile URL template ({z}/{x}/{y}); null shows asset locations as a list only. */
  mapTileUrl: string | null;
  /** WalletConnect Cloud project id; WalletConnect is offered only when set. */
  walletConnectProjectId: string | null;
  /** Every deployed contract of the record by name (see @cowatt/deployments' contract names). */
  contracts: Record<string, ContractRef>;
}

/** The address of a contract the app cannot work without; a clear error names the missing one. */
export function contractAddress(config: RuntimeConfig, name: string): Address {
  const ref = config.contracts[name];
  if (!ref) throw new Error(`The deployment "${config.network}" has no ${name} contract.`);
  return ref.address;
}
