/**
 * The OCR2 report a Functions DON transmits to its coordinator, signed by the simulated nodes.
 * report = abi.encode(bytes32[] requestIds, bytes[] results, bytes[] errors, bytes[] onchainMetadata,
 * bytes[] offchainMetadata), onchainMetadata = abi.encode(Commitment) from the OracleRequest event;
 * each signer signs keccak256(keccak256(report) ‖ reportContext) (raw ECDSA, OCR2Base.transmit).
 */
import { concat, encodeAbiParameters, keccak256, numberToHex, pad, parseSignature, toHex, type Hex } from "viem";
import { sign } from "viem/accounts";

export interface Commitment {
  requestId: Hex;
  coordinator: Hex;
  estimatedTotalCostJuels: bigint;
  client: Hex;
  subscriptionId: bigint;
  callbackGasLimit: number;
  adminFee: bigint;
  donFee: bigint;
  gasOverheadBeforeCallback: number;
  gasOverheadAfterCallback: number;
  timeoutTimestamp: number;
}

export interface Fulfilment {
  requestId: Hex;
  commitment: Commitment;
  response?: Hex;
  error?: string;
}

const commitmentParameters = [
  {
    type: "tuple",
    components: [
      { name: "requestId", type: "bytes32" },
      { name: "coordinator", type: "address" },
      { name: "estimatedTotalCostJuels", type: "uint96" },
      { name: "client", type: "address" },
      { name: "subscriptionId", type: "uint64" },
      { name: "callbackGasLimit", type: "uint32" },
      { name: "adminFee", type: "uint72" },
      { name: "donFee", type: "uint72" },
      { name: "gasOverheadBeforeCallback", type: "uint40" },
      { name: "gasOverheadAfterCallback", type: "uint40" },
      { name: "timeoutTimestamp", type: "uint32" },
    ],
  },
] as const;

export function encodeReport(fulfilments: readonly Fulfilment[]): Hex {
  return encodeAbiParameters(
    [{ type: "bytes32[]" }, { type: "bytes[]" }, { type: "bytes[]" }, { type: "bytes[]" }, { type: "bytes[]" }],
    [
      fulfilments.map((f) => f.requestId),
      fulfilments.map((f) => f.response ?? "0x"),
      fulfilments.map((f) => (f.error !== undefined ? toHex(f.error) : "0x")),
      fulfilments.map((f) => encodeAbiParameters(commitmentParameters, [f.commitment])),
      fulfilments.map((): Hex => "0x"),
    ],
  );
}

/** reportContext = [configDigest, epoch (4 bytes) and round (1 byte) right-aligned, extra hash]. */
export function reportContext(configDigest: Hex, epoch: number, round = 0): [Hex, Hex, Hex] {
  const epochAndRound = pad(numberToHex((BigInt(epoch) << 8n) | BigInt(round)), { size: 32 });
  return [configDigest, epochAndRound, pad("0x00", { size: 32 })];
}

/** Signatures of `signerKeys` over the report, split as OCR2Base.transmit takes them (rs, ss, packed vs). */
export async function signReport(report: Hex, context: readonly [Hex, Hex, Hex], signerKeys: readonly Hex[]) {
  const hash = keccak256(concat([keccak256(report), ...context]));
  const rs: Hex[] = [];
  const ss: Hex[] = [];
  const vs = new Uint8Array(32);
  for (const [i, privateKey] of signerKeys.entries()) {
    const signature = parseSignature(await sign({ hash, privateKey, to: "hex" }));
    rs.push(signature.r);
    ss.push(signature.s);
    vs[i] = signature.yParity ?? Number(signature.v! - 27n);
  }
  return { rs, ss, rawVs: toHex(vs) };
}

/** Signatures the coordinator expects: (n + f) / 2 + 1 (it is deployed with unique reports). */
export function requiredSignatures(n: number, f: number) {
  return Math.floor((n + f) / 2) + 1;
}
