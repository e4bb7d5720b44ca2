import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import hardhatUpgrades from "@openzeppelin/hardhat-upgrades/viem";

// Offline machines cannot download solc: compile with solc-js from the `solc` npm package.
// The profile's version must equal the installed package's version (Hardhat does not check).
const require = createRequire(import.meta.url);
const solcPackage = require("solc/package.json") as { version: string };
const soljsonPath = require.resolve("solc/soljson.js");

const compiler = {
  version: solcPackage.version,
  path: soljsonPath,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
  },
};

// EnergyAsset carries lifecycle, compliance hooks, escrow, agent controls and per-asset votes: the IR
// pipeline with a low optimizer runs value keeps it under the 24 KiB contract-size limit (≈ 15 s more
// on a cold compile).
const sizeOptimisedCompiler = {
  ...compiler,
  settings: { ...compiler.settings, viaIR: true, optimizer: { enabled: true, runs: 1 } },
};

// Every contract that is (or extends) EnergyAsset.
const sizeOptimisedSources = [
  "contracts/EnergyAsset.sol",
  "contracts/mocks/EnergyAssetV2Mock.sol",
  "contracts/mocks/EnergyAssetUnsafeMock.sol",
];
const overrides = Object.fromEntries(sizeOptimisedSources.map((source) => [source, sizeOptimisedCompiler]));

export default defineConfig({
  plugins: [hardhatToolboxViem, hardhatUpgrades],
  solidity: {
    profiles: {
      default: { compilers: [compiler], overrides },
      production: { compilers: [compiler], overrides },
    },
    npmFilesToBuild: [
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol",
      // Chainlink Functions on the local chain: the real router and coordinator (OCR2 transmit path), LINK
      // and the LINK/ETH feed mock the coordinator's billing reads. Deployed by scripts/lib/chainlink-functions.ts.
      "@chainlink/contracts/src/v0.8/functions/v1_0_0/FunctionsRouter.sol",
      "@chainlink/contracts/src/v0.8/functions/v1_0_0/FunctionsCoordinator.sol",
      "@chainlink/contracts/src/v0.8/shared/token/ERC677/LinkToken.sol",
      "@chainlink/contracts/src/v0.8/shared/mocks/MockV3Aggregator.sol",
      // Benchmark baseline: Chainlink's minimal Functions consumer, fulfilled through the same path.
      "@chainlink/contracts/src/v0.8/functions/v1_0_0/example/FunctionsClientExample.sol",
    ],
  },
  paths: {
    sources: "contracts",
    tests: { nodejs: "test" },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.COWATT_RPC_URL ?? "http://127.0.0.1:8545",
    },
  },
});
