"use client";
import { useState } from "react";
import { useAccount } from "wagmi";
import { isAddress, zeroAddress, type Address } from "viem";
import { energyAssetAbi, wattTokenAbi } from "@cowatt/deployments/abis";
import { GOVERNANCE_CONTEXT_QUERY, useShareDelegation, useWattDelegation, type GovernanceContext } from "@/lib/use-governance";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { formatNumber, shortAddress } from "@/lib/format";
import { formatUnits } from "viem";
import { TxStatus } from "../tx-status";

/** Voting power and delegation: WATT (platform votes) and each asset's shares (that asset's votes). */
export function DelegatePanel() {
  const { address: account } = useAccount();
  const context = useSubgraphQuery<GovernanceContext>("governance-context", GOVERNANCE_CONTEXT_QUERY, { account: (account ?? zeroAddress).toLowerCase() }, { enabled: !!account });
  const positions = context.data?.positions ?? [];
  const [assetId, setAssetId] = useState<string>("");
  const chosen = assetId || positions[0]?.asset.id || "";
  return (
    <section className="card flex flex-col gap-5 p-5" aria-labelledby="delegate-heading" data-testid="delegate-panel">
      <h2 id="delegate-heading" className="text-lg font-semibold">Your voting power</h2>
      <WattDelegation />
      <hr className="border-stone-200 dark:border-stone-800" />
      <div className="flex flex-col gap-3">
        <h3 className="font-semibold">Asset shares</h3>
        {context.error ? (
          <p className="muted text-sm">Your holdings cannot be listed right now ({context.error.message}).</p>
        ) : positions.length === 0 ? (
          <p className="muted text-sm">You hold no asset shares, so you have no asset votes to delegate.</p>
        ) : (
          <>
            <div>
              <label htmlFor="delegate-asset" className="label">Asset</label>
              <select id="delegate-asset" className="field" value={chosen} onChange={(e) => setAssetId(e.target.value)} data-testid="delegate-asset">
                {positions.map((position) => (
                  <option key={position.asset.id} value={position.asset.id}>{position.asset.name}</option>
                ))}
              </select>
            </div>
            {chosen && <ShareDelegation assetId={BigInt(chosen)} key={chosen} />}
          </>
        )}
      </div>
    </section>
  );
}

function WattDelegation() {
  const { state, watt } = useWattDelegation();
  const format = (value: bigint) => formatNumber(Number(formatUnits(value, state?.decimals ?? 18)), { maximumFractionDigits: 2 });
  return (
    <div className="flex flex-col gap-3" data-testid="watt-delegation">
      <h3 className="font-semibold">WATT (platform votes)</h3>
      {state ? (
        <>
          <dl className="grid grid-cols-2 gap-2 text-sm tabular-nums">
            <dt className="muted">Balance</dt><dd>{format(state.balance)} WATT</dd>
            <dt className="muted">Votes you hold</dt><dd data-testid="watt-votes">{format(state.votes)}</dd>
            <dt className="muted">Delegated to</dt><dd data-testid="watt-delegated-to">{describeDelegate(state.delegate)}</dd>
          </dl>
          <DelegateForm
            idPrefix="watt"
            current={state.delegate}
            send={(write, delegatee) => write({ address: watt, abi: wattTokenAbi, functionName: "delegate", args: [delegatee] })}
          />
        </>
      ) : (
        <p className="muted text-sm">Loading…</p>
      )}
    </div>
  );
}

function ShareDelegation({ assetId }: { assetId: bigint }) {
  const { state, energyAsset } = useShareDelegation(assetId);
  if (!state) return <p className="muted text-sm">Loading…</p>;
  return (
    <div className="flex flex-col gap-3" data-testid="share-delegation">
      <dl className="grid grid-cols-2 gap-2 text-sm tabular-nums">
        <dt className="muted">Shares</dt><dd>{formatNumber(state.balance)}</dd>
        <dt className="muted">Votes you hold</dt><dd data-testid="share-votes">{formatNumber(state.votes)}</dd>
        <dt className="muted">Delegated to</dt><dd data-testid="share-delegated-to">{describeDelegate(state.delegate)}</dd>
      </dl>
      <DelegateForm
        idPrefix={`asset-${assetId}`}
        current={state.delegate}
        send={(write, delegatee) => write({ address: energyAsset, abi: energyAssetAbi, functionName: "delegate", args: [assetId, delegatee] })}
      />
    </div>
  );
}

function describeDelegate(delegate: Address): string {
  return delegate === zeroAddress ? "Nobody (your votes are not counted)" : shortAddress(delegate);
}

type Write = ReturnType<typeof useWriteWithStatus>["write"];

/** Delegate to yourself in one click, or to any address typed in. */
function DelegateForm({ idPrefix, current, send }: { idPrefix: string; current: Address; send: (write: Write, delegatee: Address) => Promise<unknown> }) {
  const { address: account } = useAccount();
  const { status, write, reset } = useWriteWithStatus();
  const [target, setTarget] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const busy = isBusy(status);
  const selfDelegated = account !== undefined && current.toLowerCase() === account.toLowerCase();

  async function delegate(delegatee: string) {
    setProblem(null);
    reset();
    if (!isAddress(delegatee)) return setProblem("Enter a wallet address (0x followed by 40 hexadecimal characters).");
    if (delegatee.toLowerCase() === current.toLowerCase()) return setProblem("Your votes are already delegated to this address.");
    await send(write, delegatee);
  }
  return (
    <div className="flex flex-col gap-2">
      {!selfDelegated && account && (
        <button type="button" className="btn-secondary" disabled={busy} onClick={() => void delegate(account)} data-testid={`${idPrefix}-delegate-self`}>
          Vote with my own {idPrefix === "watt" ? "WATT" : "shares"}
        </button>
      )}
      <form className="flex flex-col gap-2" onSubmit={(e) => { e.preventDefault(); void delegate(target.trim()); }} noValidate>
        <label htmlFor={`${idPrefix}-delegatee`} className="label">Delegate to another address</label>
        <div className="flex gap-2">
          <input id={`${idPrefix}-delegatee`} className="field font-mono text-xs" placeholder="0x…" value={target} onChange={(e) => setTarget(e.target.value)} data-testid={`${idPrefix}-delegatee`} />
          <button type="submit" className="btn-primary" disabled={busy} data-testid={`${idPrefix}-delegate`}>Delegate</button>
        </div>
      </form>
      <p className="muted text-xs">Delegating moves your votes, not your {idPrefix === "watt" ? "tokens" : "shares"}; votes count from the next proposal snapshot.</p>
      {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problem}</p>}
      <div data-testid={`${idPrefix}-delegate-status`}><TxStatus status={status} /></div>
    </div>
  );
}
