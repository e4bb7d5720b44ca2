/**
 * Event log decoding with a decoder prepared once per ABI event. viem's decodeEventLog looks the event up
 * by hashing its signature on every call and checksums every decoded address (one keccak each); here the
 * static ABI types (address, bool, intN, uintN, bytesN) are read straight from the 32-byte words and only
 * dynamic data (strings, bytes, arrays, tuples) goes through viem's decodeAbiParameters, with the
 * parameter list built once. Indexed dynamic values arrive as their keccak hash, which graph-node hands to
 * mappings as 32 fixed bytes.
 */
import { decodeAbiParameters, hexToBytes, type AbiEvent, type AbiParameter, type Hex } from "viem";
import type { EthValue } from "../host/asc.ts";
import { toEthValue } from "../host/ethabi.ts";

export type EventParams = { name: string; value: EthValue }[];

/** Reads one static ABI value from a 64-hex-digit word; null when the word is not a valid encoding. */
type WordReader = (word: string) => EthValue | null;

function staticReader(type: string): WordReader | null {
  if (type === "address") return (w) => ({ kind: "address", value: hexToBytes(`0x${w.slice(24)}`) });
  if (type === "bool")
    return (w) => {
      const v = BigInt(`0x${w}`);
      return v > 1n ? null : { kind: "bool", value: v === 1n };
    };
  const int = /^(u?)int(\d*)$/.exec(type);
  if (int) {
    if (int[1] === "u") return (w) => ({ kind: "uint", value: BigInt(`0x${w}`) });
    return (w) => ({ kind: "int", value: BigInt.asIntN(256, BigInt(`0x${w}`)) });
  }
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const n = Number(fixed[1]);
    return (w) => ({ kind: "fixedBytes", value: hexToBytes(`0x${w.slice(0, 2 * n)}`) });
  }
  return null;
}

const isDynamicIndexed = (type: string) => type === "string" || type === "bytes" || type === "tuple" || /\[\d*\]$/.test(type);

export class EventDecoder {
  private readonly names: string[];
  /** Per indexed input (in order): its position among the inputs and how its topic is read. */
  private readonly indexed: { position: number; read: WordReader }[] = [];
  /** Non-indexed inputs with their positions; all static ones get a word reader, else `viemParams` decodes them. */
  private readonly data: { position: number; param: AbiParameter; read: WordReader | null }[] = [];
  private readonly viemParams: AbiParameter[] | null;

  constructor(event: AbiEvent) {
    this.names = event.inputs.map((i) => i.name ?? "");
    event.inputs.forEach((input, position) => {
      if ("indexed" in input && input.indexed) {
        const read = isDynamicIndexed(input.type) ? (w: string): EthValue => ({ kind: "fixedBytes", value: hexToBytes(`0x${w}`) }) : staticReader(input.type);
        this.indexed.push({ position, read: read ?? ((w) => toEthValue(input, decodeAbiParameters([input], `0x${w}`)[0])) });
      } else {
        this.data.push({ position, param: input, read: staticReader(input.type) });
      }
    });
    this.viemParams = this.data.every((d) => d.read) ? null : this.data.map((d) => d.param);
  }

  /**
   * The event's parameters in declaration order, or null when the log does not decode with this signature
   * (missing topics, data too short, an invalid bool): graph-node skips such logs.
   */
  decode(topics: readonly Hex[], data: Hex): EventParams | null {
    if (topics.length - 1 < this.indexed.length) return null;
    const values: (EthValue | null)[] = new Array(this.names.length).fill(null);
    for (let i = 0; i < this.indexed.length; i++) {
      const topic = topics[i + 1]!;
      if (topic.length !== 66) return null;
      const v = this.indexed[i]!.read(topic.slice(2).toLowerCase());
      if (!v) return null;
      values[this.indexed[i]!.position] = v;
    }
    if (this.data.length > 0) {
      if (data.length <= 2) return null;
      if (this.viemParams) {
        let decoded: readonly unknown[];
        try {
          decoded = decodeAbiParameters(this.viemParams, data);
        } catch {
          return null;
        }
        this.data.forEach((d, i) => (values[d.position] = toEthValue(d.param, decoded[i])));
      } else {
        if (data.length < 2 + 64 * this.data.length) return null;
        for (let i = 0; i < this.data.length; i++) {
          const v = this.data[i]!.read!(data.slice(2 + 64 * i, 2 + 64 * (i + 1)));
          if (!v) return null;
          values[this.data[i]!.position] = v;
        }
      }
    }
    return values.map((value, i) => ({ name: this.names[i]!, value: value! }));
  }
}

const decoders = new WeakMap<AbiEvent, EventDecoder>();

/** The decoder for an ABI event, prepared on first use. */
export function eventDecoder(event: AbiEvent): EventDecoder {
  let d = decoders.get(event);
  if (!d) decoders.set(event, (d = new EventDecoder(event)));
  return d;
}
