import { test } from "node:test";
import assert from "node:assert/strict";
import { keeperActions, PeriodStatus, type PeriodState } from "../src/keeper.ts";

const base: PeriodState = { status: PeriodStatus.Proposed, disputeDeadline: 1_000n, certificateIssued: false, settled: false };

test("a Proposed period inside its dispute window waits", () => {
  assert.deepEqual(keeperActions(base, 999n), []);
});

test("a Proposed period past its window is finalized, certified and settled, in that order", () => {
  assert.deepEqual(keeperActions(base, 1_000n), ["finalize", "issue", "settle"]);
});

test("without an operator key (settled undefined) nothing is settled", () => {
  assert.deepEqual(keeperActions({ ...base, settled: undefined }, 2_000n), ["finalize", "issue"]);
});

test("a Final period only gets what is missing; a complete one nothing (idempotent)", () => {
  const final = { ...base, status: PeriodStatus.Final };
  assert.deepEqual(keeperActions(final, 0n), ["issue", "settle"]);
  assert.deepEqual(keeperActions({ ...final, certificateIssued: true }, 0n), ["settle"]);
  assert.deepEqual(keeperActions({ ...final, certificateIssued: true, settled: true }, 0n), []);
});

test("Requested, Challenged, Failed and unknown periods are left alone", () => {
  for (const status of [PeriodStatus.None, PeriodStatus.Requested, PeriodStatus.Challenged, PeriodStatus.Failed]) {
    assert.deepEqual(keeperActions({ ...base, status }, 10_000n), [], `status ${status}`);
  }
});
