import { describe, expect, it } from "vitest";
import { abis } from "@cowatt/deployments/abis";
import { encodeErrorResult, ContractFunctionRevertedError, ContractFunctionExecutionError, UserRejectedRequestError, type Abi } from "viem";
import { ERROR_SENTENCES } from "./error-sentences";
import { decodeContractError, decodeRevertData, PLATFORM_ERRORS_ABI } from "./errors";

const allErrors = Object.entries(abis as Record<string, Abi>).flatMap(([contract, abi]) =>
  abi.filter((item) => item.type === "error").map((item) => ({ contract, error: item })),
);

describe("contract error sentences", () => {
  it("has a sentence for every custom error of every generated ABI", () => {
    expect(allErrors.length).toBeGreaterThan(100);
    const missing = allErrors.filter(({ error }) => !ERROR_SENTENCES[error.name]).map(({ contract, error }) => `${contract}.${error.name}`);
    expect(missing).toEqual([]);
  });

  it("only uses placeholders that every error of that name has as an argument", () => {
    const broken: string[] = [];
    for (const { contract, error } of allErrors) {
      const names = new Set(error.inputs.map((input) => input.name));
      for (const [, name] of (ERROR_SENTENCES[error.name] ?? "").matchAll(/\{(\w+)(?::\w+)?\}/g)) {
        if (!names.has(name!)) broken.push(`${contract}.${error.name}: {${name}}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("decodes every custom error of every generated ABI with the generated errors-only ABI", () => {
    const signature = (item: Abi[number]) => (item.type === "error" ? `${item.name}(${item.inputs.map((input) => input.type).join(",")})` : item.type);
    const decodable = new Set(PLATFORM_ERRORS_ABI.map(signature));
    const missing = allErrors.filter(({ error }) => !decodable.has(signature(error))).map(({ contract, error }) => `${contract}.${error.name}`);
    expect(missing).toEqual([]);
    expect(PLATFORM_ERRORS_ABI.every((item) => item.type === "error")).toBe(true);
  });

  it("keeps no sentence for an error that no longer exists", () => {
    const names = new Set(allErrors.map(({ error }) => error.name));
    expect(Object.keys(ERROR_SENTENCES).filter((name) => !names.has(name))).toEqual([]);
  });
});

describe("decodeRevertData", () => {
  it("decodes a compliance error with its arguments into a sentence", () => {
    const data = encodeErrorResult({ abi: PLATFORM_ERRORS_ABI, errorName: "SharesLockedUp", args: [1n, "0x00000000000000000000000000000000000000aa", 1_800_000_000n] });
    const decoded = decodeRevertData(data, "en-GB");
    expect(decoded?.errorName).toBe("SharesLockedUp");
    expect(decoded?.message).toMatch(/^These shares of asset #1 are locked up until 15 Jan 2027/);
  });

  it("names enum states and shortens addresses", () => {
    const asset = encodeErrorResult({ abi: PLATFORM_ERRORS_ABI, errorName: "InvalidAssetStatus", args: [3n, 2] });
    expect(decodeRevertData(asset)?.message).toBe("Asset #3 is under review; this action is not possible in that state.");
    const wallet = encodeErrorResult({ abi: PLATFORM_ERRORS_ABI, errorName: "RecipientNotVerified", args: ["0x1234567890123456789012345678901234567890"] });
    expect(decodeRevertData(wallet)?.message).toBe("The receiving wallet 0x1234…7890 has no valid KYC. Complete or renew verification first.");
  });

  it("returns null for data no platform contract produces", () => {
    expect(decodeRevertData("0xdeadbeef")).toBeNull();
  });
});

describe("decodeContractError", () => {
  it("explains a wallet rejection", () => {
    const error = new ContractFunctionExecutionError(new UserRejectedRequestError(new Error("denied")), {
      abi: [], functionName: "purchase", args: [],
    });
    expect(decodeContractError(error)).toMatchObject({ action: "retry", message: expect.stringMatching(/rejected/) });
  });

  it("decodes a revert raised by simulateContract", () => {
    const data = encodeErrorResult({ abi: PLATFORM_ERRORS_ABI, errorName: "HardCapReached", args: [7n, 12n] });
    const reverted = new ContractFunctionRevertedError({ abi: PLATFORM_ERRORS_ABI, data, functionName: "purchase" });
    const error = new ContractFunctionExecutionError(reverted, { abi: [], functionName: "purchase", args: [] });
    expect(decodeContractError(error)).toEqual({ errorName: "HardCapReached", message: "Only 12 shares are left in offering #7; buy at most that many." });
  });
});
