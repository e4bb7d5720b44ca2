/**
 * Conversions between viem's ABI values and graph-ts `ethereum.Value` trees, and graph-node's
 * `ethereum.encode` / `ethereum.decode` (abi.encode(value) / abi.decode(data, (type))).
 */
import {
  decodeAbiParameters,
  encodeAbiParameters,
  hexToBytes,
  bytesToHex,
  parseAbiParameter,
  type AbiParameter,
  type Hex,
} from "viem";
import type { EthValue } from "./asc.ts";

/** Converts a viem-decoded value of ABI type `param` into an `ethereum.Value`. */
export function toEthValue(param: AbiParameter, value: unknown): EthValue {
  const type = param.type;
  const arrayMatch = /^(.*)\[(\d*)\]$/.exec(type);
  if (arrayMatch) {
    const inner = { ...param, type: arrayMatch[1]! } as AbiParameter;
    const items = (value as readonly unknown[]).map((v) => toEthValue(inner, v));
    return { kind: arrayMatch[2] === "" ? "array" : "fixedArray", value: items };
  }
  if (type === "tuple") {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
    const items = components.map((c, i) => {
      const v = Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[c.name ?? String(i)];
      return toEthValue(c, v);
    });
    return { kind: "tuple", value: items };
  }
  if (type === "address") return { kind: "address", value: hexToBytes(value as Hex) };
  if (type === "bool") return { kind: "bool", value: value as boolean };
  if (type === "string") return { kind: "string", value: value as string };
  if (type === "bytes") return { kind: "bytes", value: hexToBytes(value as Hex) };
  if (type.startsWith("bytes")) return { kind: "fixedBytes", value: hexToBytes(value as Hex) };
  if (type.startsWith("uint")) return { kind: "uint", value: BigInt(value as bigint | number) };
  if (type.startsWith("int")) return { kind: "int", value: BigInt(value as bigint | number) };
  throw new Error(`unsupported ABI type ${type}`);
}

/** Infers the ABI type of an `ethereum.Value` and converts it to viem's representation. */
export function fromEthValue(v: EthValue): { param: AbiParameter; value: unknown } {
  switch (v.kind) {
    case "address":
      return { param: { type: "address" }, value: bytesToHex(v.value) };
    case "fixedBytes":
      return { param: { type: `bytes${v.value.length}` }, value: bytesToHex(v.value) };
    case "bytes":
      return { param: { type: "bytes" }, value: bytesToHex(v.value) };
    case "int":
      return { param: { type: "int256" }, value: v.value };
    case "uint":
      return { param: { type: "uint256" }, value: v.value };
    case "bool":
      return { param: { type: "bool" }, value: v.value };
    case "string":
      return { param: { type: "string" }, value: v.value };
    case "fixedArray":
    case "array": {
      const items = v.value.map(fromEthValue);
      // An empty array encodes the same whatever its element type.
      const inner = items[0]?.param ?? { type: "uint256" };
      const suffix = v.kind === "array" ? "[]" : `[${items.length}]`;
      const param = { ...inner, type: inner.type + suffix } as AbiParameter;
      return { param, value: items.map((i) => i.value) };
    }
    case "tuple": {
      const items = v.value.map(fromEthValue);
      return {
        param: { type: "tuple", components: items.map((i) => i.param) } as AbiParameter,
        value: items.map((i) => i.value),
      };
    }
  }
}

/** graph-node `ethereum.encode`: abi.encode(value); null when the value cannot be encoded. */
export function ethereumEncode(v: EthValue): Uint8Array | null {
  try {
    const { param, value } = fromEthValue(v);
    return hexToBytes(encodeAbiParameters([param], [value]));
  } catch {
    return null;
  }
}

/** Parses a Solidity type string such as `(address,uint256[])` or `bytes32`. */
export function parseTypeString(types: string): AbiParameter {
  const trimmed = types.trim();
  if (trimmed.startsWith("(")) {
    // parseAbiParameter wants "(t1, t2)" tuples written as such; names are optional.
    return parseAbiParameter(trimmed) as AbiParameter;
  }
  return parseAbiParameter(trimmed) as AbiParameter;
}

/** graph-node `ethereum.decode`: abi.decode(data, (type)); null when it cannot be decoded. */
export function ethereumDecode(types: string, data: Uint8Array): EthValue | null {
  try {
    const param = parseTypeString(types);
    const [value] = decodeAbiParameters([param], bytesToHex(data));
    return toEthValue(param, value);
  } catch {
    return null;
  }
}
