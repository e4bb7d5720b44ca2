/** The per-event decoder against viem's decodeEventLog on the same logs (static, dynamic and indexed parameters). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeEventLog, encodeAbiParameters, encodeEventTopics, hexToBytes, parseAbiItem, type AbiEvent, type Hex } from "viem";
import { eventDecoder } from "../src/indexer/decode.ts";
import { toEthValue } from "../src/host/ethabi.ts";

const event = (sig: string) => parseAbiItem(sig) as AbiEvent;

function viemParams(e: AbiEvent, topics: Hex[], data: Hex) {
  const { args } = decodeEventLog({ abi: [e], topics: topics as [Hex, ...Hex[]], data, strict: true });
  return e.inputs.map((input, i) => ({ name: input.name ?? "", value: toEthValue(input, (args as Record<string, unknown>)[input.name ?? String(i)]) }));
}

describe("event decoder", () => {
  it("decodes static parameters as viem does, signed and unsigned", () => {
    const e = event("event Trade(address indexed maker, uint256 indexed id, int128 delta, bool buy, bytes4 tag, uint8 kind)");
    const topics = encodeEventTopics({ abi: [e], args: { maker: "0x00000000000000000000000000000000000000ab", id: 2n ** 255n + 7n } } as never) as Hex[];
    const data = encodeAbiParameters(e.inputs.filter((i) => !("indexed" in i && i.indexed)), [-5n, true, "0xdeadbeef", 200]);
    assert.deepEqual(eventDecoder(e).decode(topics, data), viemParams(e, topics, data));
  });

  it("decodes dynamic data through viem and hands indexed dynamic values over as their 32-byte hash", () => {
    const e = event("event Named(string indexed key, uint256[] amounts, string label, (address a, uint16 b) pair)");
    const topics = encodeEventTopics({ abi: [e], args: { key: "cowatt" } } as never) as Hex[];
    const data = encodeAbiParameters(e.inputs.slice(1), [[1n, 2n], "solar", { a: "0x0000000000000000000000000000000000000001", b: 9 }]);
    const params = eventDecoder(e).decode(topics, data)!;
    assert.deepEqual(params.slice(1), viemParams(e, topics, data).slice(1));
    assert.deepEqual(params[0], { name: "key", value: { kind: "fixedBytes", value: hexToBytes(topics[1]!) } });
  });

  it("rejects logs that do not fit the signature, as strict viem decoding does", () => {
    const e = event("event Transfer(address indexed from, address indexed to, uint256 value)");
    const topics = encodeEventTopics({ abi: [e], args: { from: "0x0000000000000000000000000000000000000001", to: "0x0000000000000000000000000000000000000002" } } as never) as Hex[];
    const data = encodeAbiParameters([{ type: "uint256" }], [5n]);
    const d = eventDecoder(e);
    assert.ok(d.decode(topics, data));
    assert.equal(d.decode(topics.slice(0, 2), data), null, "missing indexed topic");
    assert.equal(d.decode(topics, "0x"), null, "no data");
    assert.equal(d.decode(topics, data.slice(0, 40) as Hex), null, "short data");
    const flag = event("event Flag(bool on)");
    assert.equal(eventDecoder(flag).decode(["0x" + "00".repeat(32)] as Hex[], `0x${"0".repeat(63)}2`), null, "a bool that is neither 0 nor 1");
  });
});
