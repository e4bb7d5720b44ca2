import { describe, expect, it } from "vitest";
import type { TransactionReceipt } from "viem";
import { chainOf, transactionUrl } from "./chain";
import { describeWriteStatus, IDLE, isBusy, type WriteStatus } from "./write-status";

describe("write status", () => {
  const hash = `0x${"ab".repeat(32)}` as const;
  const receipt = { blockNumber: 42n } as TransactionReceipt;

  it("is busy only while simulating, signing or pending", () => {
    const phases: WriteStatus[] = [
      IDLE,
      { phase: "simulating" },
      { phase: "signing" },
      { phase: "pending", hash, url: null },
      { phase: "confirmed", hash, url: null, receipt },
      { phase: "failed", error: { message: "x" } },
    ];
    expect(phases.map(isBusy)).toEqual([false, true, true, true, false, false]);
  });

  it("describes each phase, with the decoded reason on failure", () => {
    expect(describeWriteStatus({ phase: "signing" })).toBe("Confirm the transaction in your wallet.");
    expect(describeWriteStatus({ phase: "confirmed", hash, url: null, receipt })).toBe("Confirmed in block 42.");
    expect(describeWriteStatus({ phase: "reverted", hash, url: null, receipt, error: { message: "Offering #2 has closed." } })).toBe(
      "The transaction failed: Offering #2 has closed.",
    );
  });
});

describe("chain", () => {
  it("builds the deployment's chain and explorer links", () => {
    const chain = chainOf({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545", explorerUrl: null });
    expect(chain.id).toBe(31337);
    expect(chain.rpcUrls.default.http).toEqual(["http://127.0.0.1:8545"]);
    expect(transactionUrl({ explorerUrl: null }, "0x1")).toBeNull();
    expect(transactionUrl({ explorerUrl: "https://sepolia.basescan.org/" }, "0x1")).toBe("https://sepolia.basescan.org/tx/0x1");
  });

  it("names Multicall3 on the public chains only, so the local node's reads do not try a contract it lacks", () => {
    expect(chainOf({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545", explorerUrl: null }).contracts?.multicall3).toBeUndefined();
    expect(chainOf({ chainId: 84532, rpcUrl: "https://sepolia.base.org", explorerUrl: null }).contracts?.multicall3?.address).toBe(
      "0xcA11bde05977b3631167028862bE2a173976CA11",
    );
  });
});
