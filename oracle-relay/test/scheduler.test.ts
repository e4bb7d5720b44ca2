/**
 * Period arithmetic of the production scheduler: periods aligned to the unix epoch, requested only once
 * complete, contiguous from the oracle's last period end (as ProductionOracle requires), bounded catch-up.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { lastBoundary, periodsDue } from "../src/scheduler.ts";

test("lastBoundary is the aligned boundary at or before now", () => {
  assert.equal(lastBoundary(1000n, 300n), 900n);
  assert.equal(lastBoundary(900n, 300n), 900n);
  assert.equal(lastBoundary(299n, 300n), 0n);
  assert.throws(() => lastBoundary(1000n, 0n), RangeError);
  assert.throws(() => lastBoundary(1000n, -300n), RangeError);
});

test("first request: the one period that ended at the last boundary", () => {
  assert.deepEqual(periodsDue(0n, 1000n, 300n), [{ start: 600n, end: 900n }]);
});

test("nothing before the current period is complete; exactly at its end it is due", () => {
  assert.deepEqual(periodsDue(900n, 1199n, 300n), []);
  assert.deepEqual(periodsDue(900n, 1200n, 300n), [{ start: 900n, end: 1200n }]);
  assert.deepEqual(periodsDue(0n, 299n, 300n), []);
});

test("catches up contiguously after downtime, at most maxCatchUp at a time", () => {
  const due = periodsDue(300n, 3000n, 300n);
  assert.equal(due.length, 9);
  assert.deepEqual(due[0], { start: 300n, end: 600n });
  assert.deepEqual(due.at(-1), { start: 2700n, end: 3000n });
  assert.deepEqual(periodsDue(300n, 3000n, 300n, 3), [
    { start: 300n, end: 600n },
    { start: 600n, end: 900n },
    { start: 900n, end: 1200n },
  ]);
});

test("an unaligned last end is continued up to the next boundary, then aligned", () => {
  assert.deepEqual(periodsDue(950n, 1500n, 300n), [
    { start: 950n, end: 1200n },
    { start: 1200n, end: 1500n },
  ]);
});

test("property: due periods are contiguous from lastEnd, end on boundaries, are complete and non-empty", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 86_400n }),
      fc.bigInt({ min: 1n, max: 2_000_000_000n }),
      fc.bigInt({ min: 0n, max: 2_000_000_000n }),
      fc.integer({ min: 1, max: 20 }),
      (period, now, lastEndRaw, maxCatchUp) => {
        const lastEnd = lastEndRaw > now ? now : lastEndRaw;
        const due = periodsDue(lastEnd, now, period, maxCatchUp);
        assert.ok(due.length <= maxCatchUp);
        let previousEnd = lastEnd === 0n ? undefined : lastEnd;
        for (const p of due) {
          if (previousEnd !== undefined) assert.equal(p.start, previousEnd);
          assert.ok(p.start < p.end);
          assert.ok(p.end - p.start <= period);
          assert.equal(p.end % period, 0n);
          assert.ok(p.end <= now);
          previousEnd = p.end;
        }
        // Not capped by maxCatchUp → nothing complete is left out.
        if (due.length < maxCatchUp && due.length > 0) assert.ok(due.at(-1)!.end + period > now);
      },
    ),
    { numRuns: 500 },
  );
});
