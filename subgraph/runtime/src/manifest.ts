/**
 * Loads a subgraph manifest (subgraph.yaml) as graph-cli writes it — either the source manifest (paths
 * relative to it, mapping files in TypeScript) together with the `graph build` output, or the built
 * manifest in build/ (paths to .wasm files). Only Ethereum data sources are supported.
 */
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve, join, basename } from "node:path";
import { createHash } from "node:crypto";
import { base58btc } from "multiformats/bases/base58";
import { parse } from "yaml";
import { toEventSelector, type Abi, type AbiEvent, type Hex, getAddress, parseAbiItem } from "viem";

export interface EventHandlerSpec {
  /** As written in the manifest, e.g. `Transfer(indexed address,indexed address,uint256)`. */
  event: string;
  handler: string;
  receipt: boolean;
  /** topic0 of the event. */
  selector: Hex;
  /** The ABI event this handler decodes with. */
  abiEvent: AbiEvent;
}

export interface CallHandlerSpec {
  function: string;
  handler: string;
}

export interface BlockHandlerSpec {
  handler: string;
  filter?: { kind: "call" } | { kind: "polling"; every: number } | { kind: "once" };
}

export interface MappingSpec {
  apiVersion: string;
  /** Absolute path of the compiled WASM. */
  wasm: string;
  abis: Map<string, Abi>;
  entities: string[];
  eventHandlers: EventHandlerSpec[];
  callHandlers: CallHandlerSpec[];
  blockHandlers: BlockHandlerSpec[];
}

export interface DataSourceSpec {
  kind: "ethereum/contract";
  name: string;
  network: string;
  /** Checksummed, or undefined for a data source without an address filter. */
  address?: Hex;
  abi: string;
  startBlock: number;
  endBlock?: number;
  context: Map<string, unknown> | null;
  mapping: MappingSpec;
}

export interface TemplateSpec extends Omit<DataSourceSpec, "address" | "startBlock" | "endBlock"> {}

export interface SubgraphManifest {
  specVersion: string;
  /** Path of the manifest file read. */
  path: string;
  schemaPath: string;
  schema: string;
  dataSources: DataSourceSpec[];
  templates: TemplateSpec[];
  /** Deterministic IPFS-style id (base58 sha2-256 multihash of the manifest text, "Qm…"); shown in `_meta`. */
  deployment: string;
}

export class ManifestError extends Error {
  override name = "ManifestError";
}

type Raw = Record<string, unknown>;

function req<T>(obj: Raw, key: string, where: string): T {
  const v = obj[key];
  if (v === undefined || v === null) throw new ManifestError(`${where}: missing \`${key}\``);
  return v as T;
}

/** Normalises `Transfer(indexed address,address,uint256)` for matching (drops `indexed`, spaces). */
export function normaliseEventSignature(sig: string): string {
  return sig.replace(/\bindexed\s+/g, "").replace(/\s+/g, "");
}

function eventSignature(e: AbiEvent): string {
  const fmt = (p: { type: string; components?: readonly unknown[] }): string =>
    p.type.startsWith("tuple")
      ? `(${(p.components as { type: string; components?: readonly unknown[] }[]).map(fmt).join(",")})${p.type.slice(5)}`
      : p.type;
  return `${e.name}(${e.inputs.map(fmt).join(",")})`;
}

function readAbi(path: string): Abi {
  const json = JSON.parse(readFileSync(path, "utf8")) as unknown;
  // Hardhat/Foundry artifacts wrap the ABI.
  const abi = Array.isArray(json) ? json : (json as { abi?: unknown }).abi;
  if (!Array.isArray(abi)) throw new ManifestError(`${path} is not an ABI`);
  return abi as Abi;
}

/**
 * The mapping file graph build recorded for a data source or template in build/subgraph.yaml: data sources that
 * share a mapping file share one compiled module, written under the first one's name.
 */
function builtMappingFile(buildDir: string, name: string, isTemplate: boolean): string | undefined {
  const built = join(buildDir, "subgraph.yaml");
  if (!existsSync(built)) return undefined;
  const manifest = parse(readFileSync(built, "utf8")) as { dataSources?: Raw[]; templates?: Raw[] } | null;
  const entries = (isTemplate ? manifest?.templates : manifest?.dataSources) ?? [];
  const entry = entries.find((e) => e.name === name);
  const file = (entry?.mapping as Raw | undefined)?.file;
  return typeof file === "string" ? join(buildDir, file) : undefined;
}

/**
 * Locates the compiled WASM for a source-manifest mapping file: graph build writes
 * build/<DataSourceName>/<DataSourceName>.wasm (templates: build/templates/<Name>/<Name>.wasm), or the module of an
 * earlier data source with the same mapping file, as its build/subgraph.yaml says.
 */
function locateWasm(manifestDir: string, file: string, name: string, isTemplate: boolean, buildDir: string): string {
  if (file.endsWith(".wasm")) return resolve(manifestDir, file);
  const fromBuiltManifest = builtMappingFile(buildDir, name, isTemplate);
  const candidates = [
    isTemplate ? join(buildDir, "templates", name, `${name}.wasm`) : join(buildDir, name, `${name}.wasm`),
    join(buildDir, name, `${basename(file, ".ts")}.wasm`),
    ...(fromBuiltManifest ? [fromBuiltManifest] : []),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new ManifestError(`no compiled mapping for ${name} (looked for ${candidates.join(", ")}); run \`graph build\``);
  return found;
}

function parseMapping(raw: Raw, where: string, manifestDir: string, name: string, isTemplate: boolean, buildDir: string): MappingSpec {
  const abis = new Map<string, Abi>();
  for (const a of req<Raw[]>(raw, "abis", where)) abis.set(req<string>(a, "name", where), readAbi(resolve(manifestDir, req<string>(a, "file", where))));
  const eventHandlers: EventHandlerSpec[] = [];
  const wasm = locateWasm(manifestDir, req<string>(raw, "file", where), name, isTemplate, buildDir);
  return {
    apiVersion: String(req(raw, "apiVersion", where)),
    wasm,
    abis,
    entities: (raw.entities as string[] | undefined) ?? [],
    eventHandlers,
    callHandlers: ((raw.callHandlers as Raw[] | undefined) ?? []).map((c) => ({
      function: req<string>(c, "function", where),
      handler: req<string>(c, "handler", where),
    })),
    blockHandlers: ((raw.blockHandlers as Raw[] | undefined) ?? []).map((b) => {
      const filter = b.filter as Raw | undefined;
      return {
        handler: req<string>(b, "handler", where),
        filter: filter
          ? filter.kind === "polling"
            ? { kind: "polling" as const, every: Number(req(filter, "every", where)) }
            : filter.kind === "once"
              ? { kind: "once" as const }
              : { kind: "call" as const }
          : undefined,
      };
    }),
  };
}

function resolveEventHandlers(raw: Raw, mapping: MappingSpec, abiName: string, where: string): void {
  const abi = mapping.abis.get(abiName);
  if (!abi) throw new ManifestError(`${where}: source abi \`${abiName}\` is not listed in mapping.abis`);
  const events = abi.filter((x): x is AbiEvent => x.type === "event");
  for (const h of (raw.eventHandlers as Raw[] | undefined) ?? []) {
    const event = req<string>(h, "event", where);
    const wanted = normaliseEventSignature(event);
    const abiEvent = events.find((e) => eventSignature(e) === wanted) ?? tryParse(event);
    if (!abiEvent) throw new ManifestError(`${where}: event \`${event}\` is not in ABI \`${abiName}\``);
    // `indexed` flags come from the manifest signature when the ABI has overloaded forms.
    mapping.eventHandlers.push({
      event,
      handler: req<string>(h, "handler", where),
      receipt: h.receipt === true,
      selector: toEventSelector(abiEvent),
      abiEvent,
    });
  }
}

function tryParse(sig: string): AbiEvent | undefined {
  try {
    return parseAbiItem(`event ${sig.replace(/\(([^)]*)\)/, (_, args: string) => `(${args.split(",").map((a) => a.trim()).join(", ")})`)}`) as AbiEvent;
  } catch {
    return undefined;
  }
}

export interface LoadManifestOptions {
  /** Where `graph build` wrote its output; default `<manifest dir>/build`. */
  buildDir?: string;
}

export function loadManifest(path: string, options: LoadManifestOptions = {}): SubgraphManifest {
  const manifestPath = resolve(path);
  const text = readFileSync(manifestPath, "utf8");
  const raw = parse(text) as Raw;
  const dir = dirname(manifestPath);
  const buildDir = resolve(options.buildDir ?? join(dir, "build"));
  const schemaFile = resolve(dir, req<string>(req<Raw>(raw, "schema", "manifest"), "file", "schema"));
  const dataSources: DataSourceSpec[] = req<Raw[]>(raw, "dataSources", "manifest").map((ds, i) => {
    const name = req<string>(ds, "name", `dataSources[${i}]`);
    const where = `data source ${name}`;
    if (ds.kind !== "ethereum/contract" && ds.kind !== "ethereum")
      throw new ManifestError(`${where}: kind \`${String(ds.kind)}\` is not supported (only ethereum/contract)`);
    const source = req<Raw>(ds, "source", where);
    const mapping = parseMapping(req<Raw>(ds, "mapping", where), where, dir, name, false, buildDir);
    const abiName = req<string>(source, "abi", where);
    resolveEventHandlers(req<Raw>(ds, "mapping", where), mapping, abiName, where);
    return {
      kind: "ethereum/contract",
      name,
      network: req<string>(ds, "network", where),
      address: source.address ? getAddress(String(source.address)) : undefined,
      abi: abiName,
      startBlock: Number(source.startBlock ?? 0),
      endBlock: source.endBlock === undefined ? undefined : Number(source.endBlock),
      context: ds.context ? new Map(Object.entries(ds.context as Raw)) : null,
      mapping,
    };
  });
  const templates: TemplateSpec[] = ((raw.templates as Raw[] | undefined) ?? []).map((t, i) => {
    const name = req<string>(t, "name", `templates[${i}]`);
    const where = `template ${name}`;
    const source = req<Raw>(t, "source", where);
    const mapping = parseMapping(req<Raw>(t, "mapping", where), where, dir, name, true, buildDir);
    const abiName = req<string>(source, "abi", where);
    resolveEventHandlers(req<Raw>(t, "mapping", where), mapping, abiName, where);
    return { kind: "ethereum/contract", name, network: req<string>(t, "network", where), abi: abiName, context: null, mapping };
  });
  return {
    specVersion: String(raw.specVersion ?? ""),
    path: manifestPath,
    schemaPath: schemaFile,
    schema: readFileSync(schemaFile, "utf8"),
    dataSources,
    templates,
    deployment: base58btc.baseEncode(Uint8Array.from([0x12, 0x20, ...createHash("sha256").update(text).digest()])),
  };
}
