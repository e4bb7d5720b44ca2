/**
 * Property: after any sequence of blocks of sets/removes with reverts in between, a query at every indexed block
 * returns exactly that block's snapshot of a simple model, and `get` returns the latest one. Blocks are written
 * to the write buffer or flushed at random, so reverts hit buffered blocks too and queries cover blocks inside
 * one flushed batch.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { buildApi } from "../src/graphql/api.ts";
import { runQuery } from "../src/graphql/index.ts";
import { openStore } from "../src/store/index.ts";
import type { EntityStore } from "../src/store/index.ts";
import { block, entity, int, plain, str } from "./store-helpers.ts";

const SCHEMA = `
type Item @entity { id: ID! name: String! n: Int! }
type Log @entity(immutable: true) { id: ID! item: String! }
`;

type Snapshot = { items: Map<string, { name: string; n: number }>; logs: Set<string> };
type Op = { kind: "set"; id: string; name: string; n: number } | { kind: "remove"; id: string } | { kind: "log"; id: string };
type Step = { kind: "block"; ops: Op[]; buffer: boolean } | { kind: "revert"; back: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    id: fc.constantFrom("a", "b", "c", "d"),
    name: fc.string({ maxLength: 4 }),
    n: fc.integer({ min: -5, max: 5 }),
  }),
  fc.record({ kind: fc.constant("remove" as const), id: fc.constantFrom("a", "b", "c", "d") }),
  fc.record({ kind: fc.constant("log" as const), id: fc.constantFrom("l1", "l2", "l3", "l4", "l5", "l6") })
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("block" as const), ops: fc.array(opArb, { minLength: 1, maxLength: 6 }), buffer: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revert" as const), back: fc.integer({ min: 1, max: 3 }) }) }
);

let store: EntityStore;
before(async () => {
  store = await openStore({ schema: SCHEMA, deployment: "QmTimeTravelProperty" });
});
after(() => store.close());

test("time travel matches a model after random writes and reverts", async () => {
  const api = buildApi(store);
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 14 }), async (steps) => {
      await body(steps);
    }),
    { numRuns: 40 }
  );
  async function body(steps: Step[]) {
    await store.revertTo(null);
    const snapshots: Snapshot[] = []; // snapshots[i] = state after block i + 1
    const at = (i: number): Snapshot => snapshots[i - 1] ?? { items: new Map(), logs: new Set() };
    for (const step of steps) {
      if (step.kind === "revert") {
        const target = Math.max(0, snapshots.length - step.back);
        await store.revertTo(target === 0 ? null : block(target));
        snapshots.length = target;
        continue;
      }
      const prev = at(snapshots.length);
      const next: Snapshot = { items: new Map(prev.items), logs: new Set(prev.logs) };
      for (const op of step.ops) {
        if (op.kind === "set") {
          store.set("Item", op.id, entity({ name: str(op.name), n: int(op.n) }));
          next.items.set(op.id, { name: op.name, n: op.n });
        } else if (op.kind === "remove") {
          store.remove("Item", op.id);
          next.items.delete(op.id);
        } else if (!next.logs.has(op.id)) {
          store.set("Log", op.id, entity({ item: str("x") }));
          next.logs.add(op.id);
        }
      }
      snapshots.push(next);
      await store.transact(block(snapshots.length), { buffer: step.buffer });
    }
    await store.flush();
    const head = snapshots.length;
    assert.equal((await store.latestBlock())?.number ?? 0, head);
    for (const id of ["a", "b", "c", "d"]) {
      const got = plain(store.get("Item", id));
      assert.deepEqual(got && { name: got.name, n: got.n }, at(head).items.get(id) ?? null, `current ${id}`);
    }
    for (let b = 1; b <= head; b++) {
      const res = await runQuery(api, store, `{ items(first: 1000, block: { number: ${b} }) { id name n } logs(first: 1000, block: { number: ${b} }) { id } }`);
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const data = JSON.parse(JSON.stringify(res.data)) as { items: { id: string; name: string; n: number }[]; logs: { id: string }[] };
      const want = [...at(b).items].sort(([x], [y]) => (x < y ? -1 : 1)).map(([id, v]) => ({ id, ...v }));
      assert.deepEqual(data.items, want, `items at block ${b}`);
      assert.deepEqual(
        data.logs.map((l) => l.id),
        [...at(b).logs].sort(),
        `logs at block ${b}`
      );
    }
  }
});
