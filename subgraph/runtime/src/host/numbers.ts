/**
 * BigInt and BigDecimal with graph-node's semantics.
 *
 * BigInt: graph-node uses num-bigint, whose `/` truncates toward zero, `%` takes the sign of the dividend
 * and `>>` rounds toward negative infinity — exactly JavaScript's bigint operators. Values are limited to
 * 435,412 bits (sign included), as graph-node's `BigInt::new`.
 *
 * BigDecimal: graph-node wraps bigdecimal 0.1.2 and normalises every result to 34 significant digits with
 * that crate's rounding (`with_prec`), then strips trailing zeros. Division keeps up to 100 digits before
 * normalising. The crate's quirks (negative numbers are truncated by `with_prec`, its digit count
 * undercounts negatives) are reproduced on purpose: the stored values must equal graph-node's.
 */

export const BIGINT_MAX_BITS = 435_412;
const MAX_SIGNIFICANT_DIGITS = 34n;
const DIVISION_PRECISION = 100n;

export class HostError extends Error {
  override name = "HostError";
}

function magnitudeBits(n: bigint): bigint {
  if (n < 0n) n = -n;
  return n === 0n ? 0n : BigInt(n.toString(2).length);
}

export function checkBigInt(n: bigint): bigint {
  const bits = magnitudeBits(n) + 1n;
  if (bits > BigInt(BIGINT_MAX_BITS)) throw new HostError(`BigInt is too big, total bits ${bits} (max ${BIGINT_MAX_BITS})`);
  return n;
}

// ---- BigInt <-> minimal little-endian two's complement (graph-ts's BigInt byte layout) ----

export function bigIntFromSignedBytesLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = "";
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, "0");
  const unsigned = BigInt("0x" + hex);
  const negative = (bytes[bytes.length - 1]! & 0x80) !== 0;
  return negative ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

export function bigIntToSignedBytesLE(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array([0]);
  // Smallest byte count whose two's complement range holds n (num-bigint's to_signed_bytes_le).
  let len = 1;
  while (n >= 1n << BigInt(len * 8 - 1) || n < -(1n << BigInt(len * 8 - 1))) len++;
  let v = n < 0n ? (1n << BigInt(len * 8)) + n : n;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

// ---- BigInt host functions ----

export const bigIntOps = {
  plus: (x: bigint, y: bigint) => checkBigInt(x + y),
  minus: (x: bigint, y: bigint) => checkBigInt(x - y),
  times: (x: bigint, y: bigint) => checkBigInt(x * y),
  dividedBy(x: bigint, y: bigint): bigint {
    if (y === 0n) throw new HostError(`attempted to divide BigInt \`${x}\` by zero`);
    return x / y;
  },
  mod(x: bigint, y: bigint): bigint {
    if (y === 0n) throw new HostError(`attempted to calculate the remainder of \`${x}\` with a divisor of zero`);
    return x % y;
  },
  pow: (x: bigint, exp: number) => {
    // Check the size before computing a huge power.
    if (x !== 0n && x !== 1n && x !== -1n && (magnitudeBits(x) - 1n) * BigInt(exp) > BigInt(BIGINT_MAX_BITS))
      throw new HostError(`BigInt is too big: ${x} ** ${exp}`);
    return checkBigInt(x ** BigInt(exp));
  },
  fromString(s: string): bigint {
    // num-bigint's FromStr: optional sign, decimal digits, underscores are not accepted by graph-node's parser.
    if (!/^[+-]?[0-9]+$/.test(s)) throw new HostError(`string is not a BigInt: \`${s}\``);
    return checkBigInt(BigInt(s));
  },
  bitOr: (x: bigint, y: bigint) => x | y,
  bitAnd: (x: bigint, y: bigint) => x & y,
  leftShift: (x: bigint, bits: number) => checkBigInt(x << BigInt(bits & 0xff)),
  rightShift: (x: bigint, bits: number) => x >> BigInt(bits & 0xff),
};

/** go-ethereum hexutil encoding of the magnitude, as graph-node's bigIntToHex ("0x0" for zero). */
export function bigIntToHex(n: bigint): string {
  if (n === 0n) return "0x0";
  return "0x" + (n < 0n ? -n : n).toString(16);
}

// ---- BigDecimal: value = digits * 10^exp ----

export interface BigDecimalValue {
  digits: bigint;
  exp: bigint;
}

function tenToThe(p: bigint): bigint {
  return 10n ** p;
}

/** bigdecimal 0.1.2 `count_decimal_digits` (negative values can be undercounted by one, as there). */
function countDecimalDigits(n: bigint): bigint {
  if (n === 0n) return 1n;
  let digits = BigInt(Math.floor(Number(magnitudeBits(n)) / 3.3219280949));
  let num = tenToThe(digits);
  while (n >= num) {
    num *= 10n;
    digits += 1n;
  }
  return digits;
}

/** bigdecimal 0.1.2 `get_rounding_term`: 1 when the leading digit is ≥ 5. */
function roundingTerm(n: bigint): bigint {
  if (n === 0n) return 0n;
  let num = tenToThe(BigInt(Math.floor(Number(magnitudeBits(n)) / 3.3219280949)));
  for (;;) {
    if (n < num) return 1n;
    num *= 5n;
    if (n < num) return 0n;
    num *= 2n;
  }
}

/** Truncating division with remainder (num-integer's div_rem). */
function divRem(a: bigint, b: bigint): [bigint, bigint] {
  return [a / b, a % b];
}

/** graph-node's `BigDecimal::normalized` over (int_val, scale), value = int_val * 10^-scale. */
function normalize(intVal: bigint, scale: bigint): { intVal: bigint; scale: bigint } {
  if (intVal === 0n) return { intVal: 0n, scale: 0n };
  // with_prec(34)
  const digits = countDecimalDigits(intVal);
  if (digits > MAX_SIGNIFICANT_DIGITS) {
    const diff = digits - MAX_SIGNIFICANT_DIGITS;
    const p = tenToThe(diff);
    let [q, r] = divRem(intVal, p);
    if (p < 10n * r) q += roundingTerm(r);
    intVal = q;
    scale -= diff;
  } else if (digits < MAX_SIGNIFICANT_DIGITS) {
    const diff = MAX_SIGNIFICANT_DIGITS - digits;
    intVal *= tenToThe(diff);
    scale += diff;
  }
  // Strip trailing zeros.
  if (intVal === 0n) return { intVal: 0n, scale: 0n };
  while (intVal % 10n === 0n) {
    intVal /= 10n;
    scale -= 1n;
  }
  return { intVal, scale };
}

function fromParts(intVal: bigint, scale: bigint): BigDecimalValue {
  const n = normalize(intVal, scale);
  return { digits: n.intVal, exp: -n.scale };
}

/** Normalises a BigDecimal coming from the mapping (graph-node's `BigDecimal::new(digits, exp)`). */
export function bigDecimal(digits: bigint, exp: bigint): BigDecimalValue {
  return fromParts(digits, -exp);
}

function align(x: BigDecimalValue, y: BigDecimalValue): [bigint, bigint, bigint] {
  // Common scale = max(-x.exp, -y.exp).
  const sx = -x.exp;
  const sy = -y.exp;
  const scale = sx > sy ? sx : sy;
  return [x.digits * tenToThe(scale - sx), y.digits * tenToThe(scale - sy), scale];
}

/** bigdecimal 0.1.2 `impl_division` for positive/negative operands. */
function implDivision(num: bigint, den: bigint, scale: bigint, maxPrecision: bigint): { intVal: bigint; scale: bigint } {
  if (num === 0n) return { intVal: 0n, scale: 0n };
  if (num < 0n && den < 0n) return implDivision(-num, -den, scale, maxPrecision);
  if (num < 0n || den < 0n) {
    const r = implDivision(num < 0n ? -num : num, den < 0n ? -den : den, scale, maxPrecision);
    return { intVal: -r.intVal, scale: r.scale };
  }
  while (num < den) {
    scale += 1n;
    num *= 10n;
  }
  let [quotient, remainder] = divRem(num, den);
  if (remainder === 0n) return { intVal: quotient, scale };
  let precision = countDecimalDigits(quotient);
  remainder *= 10n;
  while (remainder !== 0n && precision < maxPrecision) {
    const [q, r] = divRem(remainder, den);
    quotient = quotient * 10n + q;
    remainder = r * 10n;
    precision += 1n;
    scale += 1n;
  }
  if (remainder !== 0n) quotient += roundingTerm(remainder / den);
  return { intVal: quotient, scale };
}

export const bigDecimalOps = {
  plus(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
    const [a, b, scale] = align(x, y);
    return fromParts(a + b, scale);
  },
  minus(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
    const [a, b, scale] = align(x, y);
    return fromParts(a - b, scale);
  },
  times(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
    return fromParts(x.digits * y.digits, -x.exp - y.exp);
  },
  dividedBy(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
    if (y.digits === 0n) throw new HostError(`attempted to divide BigDecimal \`${bigDecimalToString(x)}\` by zero`);
    if (x.digits === 0n) return fromParts(0n, 0n);
    const scale = -x.exp + y.exp;
    // bigdecimal's shortcut for x / 1 returns x unchanged (then normalised by graph-node).
    if (y.digits === 1n && y.exp === 0n) return fromParts(x.digits, -x.exp);
    if (x.digits === y.digits) return fromParts(1n, scale);
    const r = implDivision(x.digits, y.digits, scale, DIVISION_PRECISION);
    return fromParts(r.intVal, r.scale);
  },
  equals(x: BigDecimalValue, y: BigDecimalValue): boolean {
    const [a, b] = align(x, y);
    return a === b;
  },
  fromString(s: string): BigDecimalValue {
    const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(s);
    if (!m || (m[2] === "" && (m[3] === undefined || m[3] === "")))
      throw new HostError(`string  is not a BigDecimal: '${s}'`);
    const lead = m[2] ?? "";
    const trail = m[3] ?? "";
    const exponent = m[4] === undefined ? 0n : BigInt(m[4]);
    const digits = BigInt(m[1] + (lead + trail || "0"));
    return fromParts(digits, BigInt(trail.length) - exponent);
  },
};

/** bigdecimal 0.1.2's Display (plain notation, no exponent). */
export function bigDecimalToString(x: BigDecimalValue): string {
  const scale = -x.exp;
  let absInt = (x.digits < 0n ? -x.digits : x.digits).toString();
  let before: string;
  let after: string;
  if (scale >= BigInt(absInt.length)) {
    before = "0";
    after = "0".repeat(Number(scale) - absInt.length) + absInt;
  } else {
    const location = BigInt(absInt.length) - scale;
    if (location > BigInt(absInt.length)) {
      before = absInt + "0".repeat(Number(location) - absInt.length);
      after = "";
    } else {
      before = absInt.slice(0, Number(location));
      after = absInt.slice(Number(location));
    }
  }
  const body = after !== "" ? `${before}.${after}` : before;
  return x.digits < 0n ? "-" + body : body;
}
