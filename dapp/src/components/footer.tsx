"use client";
import { useBlockNumber } from "wagmi";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { chainOf } from "@/lib/chain";
import { describeHealth } from "@/lib/subgraph";
import { useSubgraphHealth } from "@/lib/use-subgraph";

function Dot({ tone }: { tone: "ok" | "warn" | "down" | "unknown" }) {
  const color = { ok: "bg-emerald-500", warn: "bg-amber-500", down: "bg-red-500", unknown: "bg-stone-400" }[tone];
  return <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${color}`} />;
}

export function Footer() {
  const config = useRuntimeConfig();
  const head = useBlockNumber({ watch: true, query: { refetchInterval: 10_000 } });
  const health = useSubgraphHealth();
  const chain = chainOf(config);
  const subgraphTone = health.state === "synced" ? "ok" : health.state === "unknown" ? "unknown" : health.state === "down" ? "down" : "warn";
  return (
    <footer className="border-t border-stone-200 text-sm dark:border-stone-800">
      <div className="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8">
        <p className="muted">CoWatt — community-owned renewable energy</p>
        <ul className="flex flex-col gap-1 sm:flex-row sm:gap-4" aria-label="Service status">
          <li className="flex items-center gap-2" data-testid="chain-status">
            <Dot tone={head.error ? "down" : head.data !== undefined ? "ok" : "unknown"} />
            {head.error
              ? `${chain.name}: node unreachable`
              : head.data !== undefined
                ? `${chain.name} (chain ${config.chainId}) · block ${head.data.toString()}`
                : `${chain.name}: connecting…`}
          </li>
          <li className="flex items-center gap-2" data-testid="subgraph-status">
            <Dot tone={subgraphTone} />
            {describeHealth(health)}
          </li>
        </ul>
      </div>
    </footer>
  );
}
