import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bigDecimalOps as d,
  bigDecimalToString,
  bigIntFromSignedBytesLE,
  bigIntOps as b,
  bigIntToHex,
  bigIntToSignedBytesLE,
  HostError,
} from "../src/host/numbers.ts";

const dec = (s: string) => d.fromString(s);
const str = (x: ReturnType<typeof dec>) => bigDecimalToString(x);

describe("BigInt host functions (graph-node semantics)", () => {
  it("divides truncating toward zero and takes the remainder's sign from the dividend", () => {
    assert.equal(b.dividedBy(-7n, 2n), -3n);
    assert.equal(b.dividedBy(7n, -2n), -3n);
    assert.equal(b.mod(-7n, 2n), -1n);
    assert.equal(b.mod(7n, -2n), 1n);
    assert.equal(b.mod(-7n, -2n), -1n);
  });
  it("rejects division and remainder by zero with graph-node's messages", () => {
    assert.throws(() => b.dividedBy(5n, 0n), (e: Error) => e instanceof HostError && /attempted to divide BigInt `5` by zero/.test(e.message));
    assert.throws(() => b.mod(5n, 0n), /remainder of `5` with a divisor of zero/);
  });
  it("shifts right arithmetically (floor) and left, bit ops on two's complement", () => {
    assert.equal(b.rightShift(-7n, 1), -4n);
    assert.equal(b.leftShift(-3n, 4), -48n);
    assert.equal(b.bitOr(-8n, 3n), -5n);
    assert.equal(b.bitAnd(-1n, 0xf0n), 0xf0n);
  });
  it("pow with a u8 exponent and the 435,412-bit limit", () => {
    assert.equal(b.pow(-3n, 3), -27n);
    assert.equal(b.pow(10n, 0), 1n);
    assert.throws(() => b.pow(2n ** 10_000n, 255), /too big/);
  });
  it("parses decimal strings only", () => {
    assert.equal(b.fromString("-123456789012345678901234567890"), -123456789012345678901234567890n);
    assert.throws(() => b.fromString("0x10"), /string is not a BigInt/);
    assert.throws(() => b.fromString("1.5"), /string is not a BigInt/);
  });
  it("uses minimal little-endian two's complement bytes", () => {
    const cases: [bigint, number[]][] = [
      [0n, [0]],
      [1n, [1]],
      [127n, [0x7f]],
      [128n, [0x80, 0]],
      [255n, [0xff, 0]],
      [-1n, [0xff]],
      [-128n, [0x80]],
      [-129n, [0x7f, 0xff]],
      [65536n, [0, 0, 1]],
    ];
    for (const [n, bytes] of cases) {
      assert.deepEqual([...bigIntToSignedBytesLE(n)], bytes, `${n}`);
      assert.equal(bigIntFromSignedBytesLE(Uint8Array.from(bytes)), n);
    }
    assert.equal(bigIntFromSignedBytesLE(new Uint8Array(0)), 0n);
  });
  it("prints hex of the magnitude without leading zeros (0x0 for zero)", () => {
    assert.equal(bigIntToHex(0n), "0x0");
    assert.equal(bigIntToHex(255n), "0xff");
    assert.equal(bigIntToHex(16n), "0x10");
    assert.equal(bigIntToHex(-255n), "0xff");
  });
});

describe("BigDecimal host functions (graph-node semantics)", () => {
  it("divides to 34 significant digits with bigdecimal 0.1.2 rounding", () => {
    assert.equal(str(d.dividedBy(dec("1"), dec("3"))), "0.3333333333333333333333333333333333");
    assert.equal(str(d.dividedBy(dec("2"), dec("3"))), "0.6666666666666666666666666666666667");
    assert.equal(str(d.dividedBy(dec("10"), dec("4"))), "2.5");
    assert.equal(str(d.dividedBy(dec("1"), dec("1"))), "1");
    assert.throws(() => d.dividedBy(dec("1"), dec("0")), /divide BigDecimal `1` by zero/);
  });
  it("normalises results: no trailing zeros, at most 34 significant digits", () => {
    assert.equal(str(d.plus(dec("0.1"), dec("0.2"))), "0.3");
    assert.equal(str(d.times(dec("1.50"), dec("2"))), "3");
    assert.equal(str(dec("12345678901234567890123456789012345678")), "12345678901234567890123456789012350000");
    assert.equal(str(dec("1e3")), "1000");
    assert.equal(str(dec("-0.00100")), "-0.001");
    assert.equal(str(d.minus(dec("5"), dec("5"))), "0");
    assert.equal(str(dec("1.5E-3")), "0.0015");
  });
  it("compares by value", () => {
    assert.equal(d.equals(dec("1.50"), dec("1.5")), true);
    assert.equal(d.equals(dec("1.5"), dec("1.51")), false);
  });
  it("rejects malformed strings", () => {
    assert.throws(() => dec("abc"), /is not a BigDecimal/);
    assert.throws(() => dec(""), /is not a BigDecimal/);
    assert.throws(() => dec("1.2.3"), /is not a BigDecimal/);
  });
});
