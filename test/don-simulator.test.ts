import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
// Deep imports: the package index also loads its ganache-based local testnet.
import { buildRequestCBOR } from "@chainlink/functions-toolkit/dist/buildRequestCBOR.js";
import { CodeLanguage, Location } from "@chainlink/functions-toolkit/dist/types.js";
import type { Hex } from "viem";
import { decodeRequestData, executeRequest, medianBytes, modeString } from "../oracle-relay/don-simulator/execute.ts";
import { requiredSignatures } from "../oracle-relay/don-simulator/report.ts";
import { createDonSimulator } from "../oracle-relay/don-simulator/simulator.ts";
import { REJECTION, donFor, meteringFixture, requestPeriod } from "./helpers/metering.ts";
import { HOUR } from "./helpers/fixture.ts";

describe("DON simulator", async () => {
  const connection = await network.create();
  const { loadFixture, time } = connection.networkHelpers;
  const throwingSource = () => meteringFixture(connection, { source: "throw Error('relay unreachable')" });

  it("aggregates like the DON: byte-string median, most common error", () => {
    assert.equal(medianBytes(["0x03", "0x01", "0x02"]), "0x02");
    assert.equal(medianBytes(["0x0101", "0x02", "0x03", "0x01"]), "0x02"); // shorter first, lower middle
    assert.equal(medianBytes(["0xAA"]), "0xaa");
    assert.throws(() => medianBytes([]));
    assert.equal(modeString(["a", "b", "b", "c"]), "b");
    assert.equal(requiredSignatures(4, 1), 3);
    assert.equal(requiredSignatures(7, 2), 5);
  });

  it("decodes the CBOR request the toolkit (and FunctionsRequest.sol) encodes", () => {
    const data = buildRequestCBOR({
      codeLocation: Location.Inline,
      codeLanguage: CodeLanguage.JavaScript,
      source: "return Functions.encodeUint256(1n)",
      args: ["a", "42"],
      bytesArgs: ["0x1234"],
    }) as Hex;
    assert.deepEqual(decodeRequestData(data), {
      codeLocation: 0,
      language: 0,
      source: "return Functions.encodeUint256(1n)",
      args: ["a", "42"],
      bytesArgs: ["0x1234"],
    });
  });

  it("runs the source in Deno several times; errors win only as a majority", async () => {
    const ok = await executeRequest({ source: "return Functions.encodeUint256(BigInt(args[0]) * 2n)", args: ["21"] }, { executions: 3 });
    assert.equal(ok.executions.length, 3);
    assert.equal(BigInt(ok.response!), 42n);
    const failing = await executeRequest({ source: "throw Error('relay unreachable')" }, { executions: 2 });
    assert.equal(failing.response, undefined);
    assert.match(failing.error!, /relay unreachable/);
    assert.equal((await executeRequest({ codeLocation: 1, source: "x" })).error, "only inline source code is supported");
  });

  it("takes the byte-string median of executions that disagree", async () => {
    const result = await executeRequest(
      { source: "return Functions.encodeUint256(BigInt(Math.floor(Math.random() * 1e9)))" },
      { executions: 5 },
    );
    const responses = result.executions.map((e) => e.response!);
    assert.equal(new Set(responses).size > 1, true);
    assert.equal(result.response, medianBytes(responses));
  });

  it("retries a failed transmit on the next poll, then drops it after maxAttempts", async () => {
    const m = await loadFixture(throwingSource);
    const now = BigInt(await time.latest());
    const request = await requestPeriod(m, now - HOUR, now);
    const failures: unknown[] = [];
    // A transmitter the coordinator does not know: OCR2Base reverts "unauthorized transmitter".
    const stranger = createDonSimulator({
      publicClient: m.publicClient,
      transmitter: await m.viem.getWalletClient(m.wallets.alice.account.address),
      coordinator: m.functions.coordinator.address,
      signerKeys: m.don.signerKeys,
      f: m.don.f,
      fromBlock: 0n,
      maxAttempts: 2,
      execute: async () => ({ error: "x" }),
      log: (message, fields) => message === "transmit failed" && failures.push(fields),
    });
    assert.deepEqual(await stranger.poll(), []);
    assert.deepEqual(await stranger.poll(), []);
    assert.equal(failures.length, 2);
    assert.deepEqual(await stranger.poll(), []); // dropped after two attempts
    assert.equal(failures.length, 2);
    // The configured DON still fulfils it.
    const [outcome] = (await donFor(m).poll()).filter((o) => o.requestId === request.requestId);
    assert.equal(outcome!.result, "FULFILLED");
  });

  it("a throwing source reaches the oracle as a DON error through the router", async () => {
    const m = await loadFixture(throwingSource);
    const now = BigInt(await time.latest());
    const request = await requestPeriod(m, now - HOUR, now);
    const [outcome] = await donFor(m).poll().then((all) => all.filter((o) => o.requestId === request.requestId));
    assert.equal(outcome!.result, "FULFILLED");
    assert.match(outcome!.error!, /relay unreachable/);
    const events = await m.productionOracle.getEvents.ProductionRejected({}, { fromBlock: 0n });
    assert.equal(events.at(-1)!.args.reason, REJECTION.DonError);
  });
});
