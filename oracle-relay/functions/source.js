// CoWatt production summary → ProductionOracle (docs/metering-protocol.md). Chainlink Functions source, plain JS.
// args = [relayUrl, relayAddress, chainId, assetId, start, end]. Fetches the relay's signed summary of the
// period, checks the relay's EIP-191 signature over keccak256(abi.encode(chainId, assetId, start, end,
// energyWh, readingCount, sourceCount, readingsRoot, cidCodec, cidDigest)) taken with chainId/asset/period
// from args (a summary of another chain, asset or period fails), and returns the 192-byte
// abi.encode(energyWh, readingCount, sourceCount, readingsRoot, cidCodec, cidDigest).
// Self-contained (keccak-256 and secp256k1 public-key recovery below): the DON sandbox runs without
// imports here, and the source is stored on-chain, so it stays small.
const [relayUrl, relayAddress, chainId, assetId, start, end] = args;
const M64 = (1n << 64n) - 1n;
const RC = [];
for (let i = 0, r = 1n; i < 24; i++) {
  let c = 0n;
  for (let j = 0; j < 7; j++) {
    if (r & 1n) c |= 1n << ((1n << BigInt(j)) - 1n);
    r = ((r << 1n) ^ (r & 0x80n ? 0x71n : 0n)) & 0xffn;
  }
  RC.push(c);
}
const ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14].map(BigInt);
const rotl = (x, n) => (n ? ((x << n) | (x >> (64n - n))) & M64 : x);
function keccak256(bytes) {
  const rate = 136;
  const padded = new Uint8Array(Math.floor(bytes.length / rate + 1) * rate);
  padded.set(bytes);
  padded[bytes.length] ^= 1;
  padded[padded.length - 1] ^= 0x80;
  const s = new Array(25).fill(0n);
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n;
      for (let b = 7; b >= 0; b--) lane = (lane << 8n) | BigInt(padded[off + i * 8 + b]);
      s[i] ^= lane;
    }
    for (let round = 0; round < 24; round++) {
      const C = [0, 1, 2, 3, 4].map((x) => s[x] ^ s[x + 5] ^ s[x + 10] ^ s[x + 15] ^ s[x + 20]);
      for (let x = 0; x < 5; x++) {
        const D = C[(x + 4) % 5] ^ rotl(C[(x + 1) % 5], 1n);
        for (let y = 0; y < 25; y += 5) s[x + y] ^= D;
      }
      const B = new Array(25);
      for (let x = 0; x < 5; x++)
        for (let y = 0; y < 5; y++) B[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(s[x + 5 * y], ROT[x + 5 * y]);
      for (let x = 0; x < 5; x++)
        for (let y = 0; y < 25; y += 5) s[x + y] = B[x + y] ^ (~B[((x + 1) % 5) + y] & M64 & B[((x + 2) % 5) + y]);
      s[0] ^= RC[round];
    }
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((s[i >> 3] >> BigInt(8 * (i & 7))) & 0xffn);
  return out;
}
const hexToBytes = (hex) => {
  const h = hex.replace(/^0x/, "");
  if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw Error(`bad hex ${hex}`);
  return Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
};
const toHex = (bytes) => "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const word = (value) => hexToBytes(BigInt(value).toString(16).padStart(64, "0"));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) out.set(p, (off += p.length) - p.length);
  return out;
};
// secp256k1 (y² = x³ + 7 over P), affine points as [x, y], null = infinity.
const P = 2n ** 256n - 2n ** 32n - 977n;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const G = [
  0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
  0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
];
const mod = (a, m = P) => ((a % m) + m) % m;
function inv(a, m = P) {
  let [x, y, u, v] = [mod(a, m), m, 1n, 0n];
  while (x) [x, y, u, v] = [y % x, x, v - (y / x) * u, u];
  if (y !== 1n) throw Error("not invertible");
  return mod(v, m);
}
function powMod(b, e, m = P) {
  let r = 1n;
  for (b = mod(b, m); e; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}
function add(p, q) {
  if (!p) return q;
  if (!q) return p;
  if (p[0] === q[0] && mod(p[1] + q[1]) === 0n) return null;
  const l = p[0] === q[0] ? mod(3n * p[0] * p[0] * inv(2n * p[1])) : mod((q[1] - p[1]) * inv(q[0] - p[0]));
  const x = mod(l * l - p[0] - q[0]);
  return [x, mod(l * (p[0] - x) - p[1])];
}
function mul(p, k) {
  let r = null;
  for (; k; k >>= 1n, p = add(p, p)) if (k & 1n) r = add(r, p);
  return r;
}
function recoverAddress(digest, signature) {
  const sig = hexToBytes(signature);
  if (sig.length !== 65) throw Error("signature must be 65 bytes");
  const r = BigInt(toHex(sig.slice(0, 32)));
  const s = BigInt(toHex(sig.slice(32, 64)));
  const v = sig[64] >= 27 ? sig[64] - 27 : sig[64];
  if (!(r > 0n && r < N && s > 0n && s <= N / 2n && (v === 0 || v === 1))) throw Error("malformed signature");
  const y2 = mod(r * r * r + 7n);
  let y = powMod(y2, (P + 1n) / 4n);
  if (mod(y * y) !== y2) throw Error("signature r is not on the curve");
  if ((y & 1n) !== BigInt(v)) y = P - y;
  const e = BigInt(toHex(digest)) % N;
  const rInv = inv(r, N);
  const Q = add(mul(G, mod(-e * rInv, N)), mul([r, y], mod(s * rInv, N)));
  if (!Q) throw Error("recovered point at infinity");
  return toHex(keccak256(concat(word(Q[0]), word(Q[1]))).slice(12));
}

const url = `${relayUrl}/v1/summaries/${assetId}/${start}/${end}`;
const response = await Functions.makeHttpRequest({ url, timeout: 9000 });
if (response.error || response.status !== 200) {
  throw Error(`relay ${url}: ${response.status ?? ""} ${response.message ?? response.code ?? "request failed"}`);
}
const summary = typeof response.data === "string" ? JSON.parse(response.data) : response.data;
const uint = (name, max = 2n ** 256n) => {
  const text = String(summary[name]);
  if (!/^[0-9]+$/.test(text) || BigInt(text) >= max) throw Error(`summary.${name} is not a uint`);
  return BigInt(text);
};
const bytes32 = (name) => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(String(summary[name]))) throw Error(`summary.${name} is not bytes32`);
  return hexToBytes(summary[name]);
};
const result = concat(
  word(uint("energyWh")),
  word(uint("readingCount")),
  word(uint("sourceCount")),
  bytes32("readingsRoot"),
  word(uint("cidCodec")),
  bytes32("cidDigest"),
);
const digest = keccak256(concat(word(chainId), word(assetId), word(start), word(end), result));
const prefixed = keccak256(concat(new TextEncoder().encode("\x19Ethereum Signed Message:\n32"), digest));
const signer = recoverAddress(prefixed, String(summary.signature));
if (signer !== relayAddress.toLowerCase()) throw Error(`summary signed by ${signer}, not the relay ${relayAddress}`);
return result;
