/** Parses a subgraph schema.graphql (graphql-js) into the entity model the store and query API use. */
import { Kind, parse } from "graphql";
import type { DocumentNode, FieldDefinitionNode, InterfaceTypeDefinitionNode, ObjectTypeDefinitionNode, TypeNode } from "graphql";

export type ScalarType = "ID" | "String" | "Int" | "Int8" | "BigInt" | "BigDecimal" | "Bytes" | "Boolean" | "Timestamp";
const SCALARS = new Set<string>(["ID", "String", "Int", "Int8", "BigInt", "BigDecimal", "Bytes", "Boolean", "Timestamp"]);

export interface FieldDef {
  name: string;
  /** Scalar name, enum name or entity name. */
  typeName: string;
  /** "interface": a reference to an entity of any type implementing the interface (stored as its id). */
  kind: "scalar" | "enum" | "entity" | "interface";
  /** For entity references: the scalar type of the referenced id; for scalars: the scalar itself; enums: "String". */
  scalar: ScalarType;
  list: boolean;
  nonNull: boolean;
  /** `@derivedFrom(field:)`: not stored, resolved by reverse lookup. */
  derivedFrom?: string;
}

export interface EntityDef {
  name: string;
  /** SQL table name (snake_case, as graph-node names tables). */
  table: string;
  immutable: boolean;
  idType: "String" | "Bytes" | "Int8";
  fields: Map<string, FieldDef>;
  /** Stored fields in column order (derived fields excluded), `id` first. */
  columns: FieldDef[];
}

/** A GraphQL interface over entity types: queryable as a union of its implementers' tables. */
export interface InterfaceDef {
  name: string;
  idType: "String" | "Bytes" | "Int8";
  fields: Map<string, FieldDef>;
  implementers: string[];
}

export interface SubgraphSchema {
  entities: Map<string, EntityDef>;
  interfaces: Map<string, InterfaceDef>;
  enums: Map<string, string[]>;
  document: DocumentNode;
}

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

function unwrap(type: TypeNode): { name: string; list: boolean; nonNull: boolean } {
  let nonNull = false;
  let list = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    list = true;
    t = t.type;
    if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  }
  if (t.kind !== Kind.NAMED_TYPE) throw new Error("nested lists are not supported in subgraph schemas");
  return { name: t.name.value, list, nonNull };
}

function directiveArg(node: FieldDefinitionNode | ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode, directive: string, arg: string): unknown {
  const d = node.directives?.find((x) => x.name.value === directive);
  if (!d) return undefined;
  const a = d.arguments?.find((x) => x.name.value === arg);
  if (!a) return null;
  const v = a.value;
  if (v.kind === Kind.STRING || v.kind === Kind.ENUM) return v.value;
  if (v.kind === Kind.BOOLEAN) return v.value;
  return null;
}

export function parseSubgraphSchema(text: string): SubgraphSchema {
  const document = parse(text);
  const enums = new Map<string, string[]>();
  const objectNodes: ObjectTypeDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) enums.set(def.name.value, (def.values ?? []).map((v) => v.name.value));
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION && def.directives?.some((d) => d.name.value === "entity")) objectNodes.push(def);
  }
  const entityNames = new Set(objectNodes.map((n) => n.name.value));
  // Kinds of types this runtime does not store, named so a schema using them fails with a clear reason.
  const unsupported = new Map<string, string>();
  const interfaceNodes: InterfaceTypeDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) interfaceNodes.push(def);
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION && def.directives?.some((d) => d.name.value === "aggregation"))
      unsupported.set(def.name.value, "@aggregation types are not supported by the embedded runtime; use explicit day/hour entities");
  }
  for (const node of objectNodes) {
    if (directiveArg(node, "entity", "timeseries") === true)
      throw new Error(`Entity type \`${node.name.value}\`: timeseries entities are not supported by the embedded runtime; use explicit day/hour entities`);
  }
  const interfaceNames = new Set(interfaceNodes.map((n) => n.name.value));
  const parseFields = (node: ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode): Map<string, FieldDef> => {
    const fields = new Map<string, FieldDef>();
    for (const f of node.fields ?? []) {
      const { name: typeName, list, nonNull } = unwrap(f.type);
      const derived = directiveArg(f, "derivedFrom", "field");
      let kind: FieldDef["kind"];
      if (SCALARS.has(typeName)) kind = "scalar";
      else if (enums.has(typeName)) kind = "enum";
      else if (entityNames.has(typeName)) kind = "entity";
      else if (interfaceNames.has(typeName)) {
        kind = "interface";
        if (list || typeof derived === "string")
          throw new Error(`Type \`${node.name.value}\`, field \`${f.name.value}\`: lists of and derived interface references are not supported by the embedded runtime`);
      } else if (unsupported.has(typeName)) throw new Error(`Type \`${node.name.value}\`, field \`${f.name.value}\`: ${unsupported.get(typeName)}`);
      else throw new Error(`Type \`${node.name.value}\`, field \`${f.name.value}\`: type \`${typeName}\` is not defined`);
      fields.set(f.name.value, {
        name: f.name.value,
        typeName,
        kind,
        scalar: kind === "scalar" ? (typeName as ScalarType) : "String",
        list,
        nonNull,
        ...(typeof derived === "string" ? { derivedFrom: derived } : {}),
      });
    }
    return fields;
  };
  const entities = new Map<string, EntityDef>();
  for (const node of objectNodes) {
    const fields = parseFields(node);
    const id = fields.get("id");
    if (!id) throw new Error(`Entity type \`${node.name.value}\` does not have an \`id\` field`);
    const idType = id.typeName === "ID" || id.typeName === "String" ? "String" : id.typeName === "Bytes" ? "Bytes" : id.typeName === "Int8" ? "Int8" : null;
    if (!idType) throw new Error(`Entity type \`${node.name.value}\`: unsupported type for \`id\` attribute: ${id.typeName}`);
    const immutable = directiveArg(node, "entity", "immutable") === true;
    entities.set(node.name.value, {
      name: node.name.value,
      table: snakeCase(node.name.value),
      immutable,
      idType,
      fields,
      columns: [id, ...[...fields.values()].filter((f) => f.name !== "id" && !f.derivedFrom)],
    });
  }
  const interfaces = new Map<string, InterfaceDef>();
  for (const node of interfaceNodes) {
    const fields = parseFields(node);
    if ([...fields.values()].some((f) => f.derivedFrom)) throw new Error(`Interface \`${node.name.value}\`: derived fields on interfaces are not supported by the embedded runtime`);
    const implementers = objectNodes.filter((o) => o.interfaces?.some((i) => i.name.value === node.name.value)).map((o) => o.name.value);
    const idTypes = new Set(implementers.map((n) => entities.get(n)!.idType));
    if (idTypes.size > 1) throw new Error(`Interface \`${node.name.value}\`: its implementers must share one id type`);
    for (const impl of implementers)
      for (const f of fields.keys()) if (!entities.get(impl)!.fields.has(f)) throw new Error(`Entity type \`${impl}\` does not satisfy interface \`${node.name.value}\` because it is missing the following fields: ${f}`);
    interfaces.set(node.name.value, { name: node.name.value, idType: [...idTypes][0] ?? "String", fields, implementers });
  }
  // References store the referenced entity's id type.
  const refIdType = (f: FieldDef) => (f.kind === "entity" ? entities.get(f.typeName)!.idType : interfaces.get(f.typeName)!.idType);
  for (const fields of [...[...entities.values()].map((e) => e.fields), ...[...interfaces.values()].map((i) => i.fields)]) {
    for (const f of fields.values()) if (f.kind === "entity" || f.kind === "interface") f.scalar = refIdType(f);
  }
  return { entities, interfaces, enums, document };
}

/** The SQL column type of a stored field. */
export function sqlType(f: FieldDef): string {
  const base: Record<ScalarType, string> = {
    ID: "text",
    String: "text",
    Int: "int4",
    Int8: "int8",
    BigInt: "numeric",
    BigDecimal: "numeric",
    Bytes: "bytea",
    Boolean: "bool",
    Timestamp: "int8",
  };
  return base[f.scalar] + (f.list ? "[]" : "");
}
