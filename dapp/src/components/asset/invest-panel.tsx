"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useAccount, useReadContract, useReadContracts, useSignTypedData } from "wagmi";
import { useWalletLayer } from "@/providers/wallet-layer";
import { parseEventLogs, parseSignature, zeroAddress, type Address } from "viem";
import { complianceAbi, devStablecoinAbi, energyAssetAbi, identityRegistryAbi, offeringAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "@/lib/runtime-config";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { decodeContractError } from "@/lib/errors";
import { formatCurrency, formatDate, formatNumber, formatRelativeTime } from "@/lib/format";
import { OFFERING_STATUSES } from "@/lib/errors";
import { maxPurchasable, offeringTermsProblem, parseShareCount, restrictionSentence, type OfferingWindow } from "@/lib/invest-compliance";
import type { Stablecoin } from "@/lib/use-platform";
import { TxStatus } from "../tx-status";

/** The pre-check line whose failure the user fixes by submitting KYC (/kyc). */
const KYC_CHECK = "Identity (KYC)";

interface Props {
  assetId: string;
  assetName: string;
  offeringId: string;
  stablecoin: Stablecoin | undefined;
  chainTime: bigint | undefined;
}

type Check = { label: string; ok: boolean | null; detail: string };

/** Permit (EIP-2612) deadline: long enough to confirm the transaction, short enough not to linger. */
const PERMIT_TTL_SECONDS = 30n * 60n;

export function InvestPanel({ assetId, assetName, offeringId, stablecoin, chainTime }: Props) {
  const config = useRuntimeConfig();
  const { address: account, isConnected } = useAccount();
  const { openConnect } = useWalletLayer();
  const offeringAddress = contractAddress(config, "Offering");
  const compliance = contractAddress(config, "Compliance");
  const registry = contractAddress(config, "IdentityRegistry");
  const energyAsset = contractAddress(config, "EnergyAsset");
  const id = BigInt(offeringId);
  const asset = BigInt(assetId);
  const decimals = stablecoin?.decimals ?? 6;
  const money = (amount: bigint) => formatCurrency(amount, decimals);

  // What the user typed is kept whatever happens to the transaction.
  const [sharesText, setSharesText] = useState("10");
  const [usePermit, setUsePermit] = useState(true);
  const [step, setStep] = useState<string | null>(null);
  const [signError, setSignError] = useState<string | null>(null);
  const [purchased, setPurchased] = useState<{ receiptId: bigint; shares: bigint; cost: bigint; hash: string; url: string | null; block: bigint } | null>(null);
  const { status, write, reset } = useWriteWithStatus();
  const { signTypedDataAsync } = useSignTypedData();

  const offering = useReadContracts({
    contracts: [
      { address: offeringAddress, abi: offeringAbi, functionName: "terms", args: [id] },
      { address: offeringAddress, abi: offeringAbi, functionName: "state", args: [id] },
    ],
    allowFailure: false,
    query: { refetchInterval: 15_000 },
  });
  const [terms, state] = offering.data ?? [];

  const me = account ?? zeroAddress;
  const wallet = useReadContracts({
    contracts: [
      { address: offeringAddress, abi: offeringAbi, functionName: "contribution", args: [id, me] } as const,
      { address: registry, abi: identityRegistryAbi, functionName: "investorOf", args: [me] } as const,
      { address: registry, abi: identityRegistryAbi, functionName: "identityOf", args: [me] } as const,
      { address: compliance, abi: complianceAbi, functionName: "rules", args: [asset] } as const,
      { address: energyAsset, abi: energyAssetAbi, functionName: "balanceOf", args: [me, asset] } as const,
    ],
    allowFailure: false,
    query: { enabled: !!account, refetchInterval: 15_000 },
  });
  const token = stablecoin?.address ?? zeroAddress;
  const funds = useReadContracts({
    contracts: [
      { address: token, abi: devStablecoinAbi, functionName: "balanceOf", args: [me] } as const,
      { address: token, abi: devStablecoinAbi, functionName: "allowance", args: [me, offeringAddress] } as const,
      // EIP-2612 support: a token without nonces/eip712Domain gets approve + purchase instead of a permit.
      { address: token, abi: devStablecoinAbi, functionName: "nonces", args: [me] } as const,
      { address: token, abi: devStablecoinAbi, functionName: "eip712Domain" } as const,
    ],
    query: { enabled: !!account && !!stablecoin, refetchInterval: 15_000 },
  });
  const fundsResult = <T,>(index: number): T | undefined => {
    const entry = funds.data?.[index];
    return entry?.status === "success" ? (entry.result as T) : undefined;
  };
  const [contribution, investor, identityId, rules, sharesHeldRead] = wallet.data ?? [];
  const sharesHeld = sharesHeldRead ?? 0n;
  const balance = fundsResult<bigint>(0);
  const allowance = fundsResult<bigint>(1);
  const nonce = fundsResult<bigint>(2);
  const domain = fundsResult<readonly [string, string, string, bigint, Address, string, readonly bigint[]]>(3);
  const permitSupported = nonce !== undefined && domain !== undefined;

  const identity = useReadContract({
    address: registry,
    abi: identityRegistryAbi,
    functionName: "identity",
    args: [identityId ?? 0n],
    query: { enabled: !!identityId && identityId > 0n },
  });

  const parsed = parseShareCount(sharesText);
  const shares = "shares" in parsed ? parsed.shares : null;
  const alreadyBought = contribution?.shares ?? 0n;
  const restriction = useReadContract({
    address: compliance,
    abi: complianceAbi,
    functionName: "canTransfer",
    args: [asset, zeroAddress, me, alreadyBought + (shares ?? 0n)],
    query: { enabled: !!account && shares !== null },
  });

  const window: OfferingWindow | null = terms && state
    ? {
        status: OFFERING_STATUSES[state.status] ?? "None",
        startTime: terms.startTime,
        endTime: terms.endTime,
        minPurchaseShares: terms.minPurchaseShares,
        maxSharesPerInvestor: terms.maxSharesPerInvestor,
        hardCapShares: terms.hardCapShares,
        sharesSold: state.sharesSold,
      }
    : null;
  const cost = terms && shares !== null ? shares * terms.pricePerShare : null;
  const now = chainTime ?? BigInt(Math.floor(Date.now() / 1000));

  const checks: Check[] = useMemo(() => {
    if (!account || !window) return [];
    const list: Check[] = [];
    const expiresAt = identity.data?.expiresAt;
    if (!investor) list.push({ label: KYC_CHECK, ok: null, detail: "Checking your verification…" });
    else if (investor[1]) list.push({ label: KYC_CHECK, ok: true, detail: expiresAt ? `Verified until ${formatDate(expiresAt)}.` : "Verified." });
    else {
      const sentence = restrictionSentence(7, { assetName, sharesAfter: 0n, maxBalance: 0n, minHolding: 0n, maxHolders: 0, kycExpiresAt: identityId && identityId > 0n ? expiresAt ?? null : null });
      list.push({ label: KYC_CHECK, ok: false, detail: identity.data?.revoked ? "Your identity verification was revoked; contact support." : sentence! });
    }
    const termsProblem = shares === null ? ("error" in parsed ? parsed.error : null) : offeringTermsProblem(window, shares, alreadyBought, now);
    list.push({ label: "Offering terms", ok: termsProblem === null, detail: termsProblem ?? `You may buy up to ${formatNumber(maxPurchasable(window, alreadyBought))} shares.` });
    if (shares !== null && investor?.[1]) {
      if (restriction.data === undefined) list.push({ label: "Asset rules", ok: null, detail: restriction.isError ? "The compliance check could not be read." : "Checking the asset's rules…" });
      else {
        const sentence = restrictionSentence(restriction.data, {
          assetName,
          sharesAfter: sharesHeld + alreadyBought + shares,
          maxBalance: rules?.maxBalance ?? 0n,
          minHolding: rules?.minHolding ?? 0n,
          maxHolders: rules?.maxHolders ?? 0,
          kycExpiresAt: identity.data?.expiresAt ?? null,
        });
        list.push({ label: "Asset rules", ok: sentence === null, detail: sentence ?? "You may hold these shares (country, investor class and per-wallet limits)." });
      }
    }
    if (cost !== null && balance !== undefined) {
      list.push(
        balance >= cost
          ? { label: "Funds", ok: true, detail: `You have ${money(balance)}.` }
          : { label: "Funds", ok: false, detail: `This costs ${money(cost)} and your wallet holds ${money(balance)}. Add ${stablecoin?.symbol ?? "stablecoin"} to your wallet first.` },
      );
    }
    return list;
  }, [account, window, investor, identity.data, identityId, shares, parsed, alreadyBought, now, restriction.data, restriction.isError, sharesHeld, rules, cost, balance, assetName, stablecoin]); // eslint-disable-line react-hooks/exhaustive-deps

  const ready = checks.length > 0 && checks.every((check) => check.ok === true);
  const needsAllowance = cost !== null && allowance !== undefined && allowance < cost;
  const busy = isBusy(status) || step !== null;

  async function buy() {
    if (!account || !terms || shares === null || cost === null || !stablecoin) return;
    setSignError(null);
    setPurchased(null);
    reset();
    try {
      let receipt;
      if (!needsAllowance) {
        setStep("Buying");
        receipt = await write({ address: offeringAddress, abi: offeringAbi, functionName: "purchase", args: [id, shares] });
      } else if (permitSupported && usePermit) {
        setStep("Sign the permit in your wallet (no gas), then confirm the purchase");
        const deadline = now + PERMIT_TTL_SECONDS;
        const [, name, version, chainId, verifyingContract] = domain!;
        let signature;
        try {
          signature = await signTypedDataAsync({
            domain: { name, version, chainId, verifyingContract },
            types: { Permit: [
              { name: "owner", type: "address" }, { name: "spender", type: "address" }, { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
            ] },
            primaryType: "Permit",
            message: { owner: account, spender: offeringAddress, value: cost, nonce: nonce!, deadline },
          });
        } catch (error) {
          setSignError(decodeContractError(error).message);
          return;
        }
        const { r, s, v, yParity } = parseSignature(signature);
        const recovery = Number(v ?? BigInt(yParity + 27));
        setStep("Buying with your permit");
        receipt = await write({ address: offeringAddress, abi: offeringAbi, functionName: "purchaseWithPermit", args: [id, shares, deadline, recovery, r, s] });
      } else {
        setStep("Step 1 of 2: approve the payment");
        const approval = await write({ address: stablecoin.address, abi: devStablecoinAbi, functionName: "approve", args: [offeringAddress, cost] });
        if (!approval || approval.status !== "success") return;
        setStep("Step 2 of 2: buy the shares");
        receipt = await write({ address: offeringAddress, abi: offeringAbi, functionName: "purchase", args: [id, shares] });
      }
      if (receipt?.status === "success") {
        const [event] = parseEventLogs({ abi: offeringAbi, eventName: "SharesPurchased", logs: receipt.logs });
        if (event) {
          setPurchased({
            receiptId: event.args.receiptId, shares: event.args.shares, cost: event.args.cost, hash: receipt.transactionHash,
            url: config.explorerUrl ? `${config.explorerUrl.replace(/\/$/, "")}/tx/${receipt.transactionHash}` : null, block: receipt.blockNumber,
          });
        }
        await Promise.all([wallet.refetch(), funds.refetch(), offering.refetch()]);
      }
    } finally {
      setStep(null);
    }
  }

  if (offering.error) {
    return <p role="alert" className="text-sm text-red-800 dark:text-red-300">The offering could not be read from the chain: {decodeContractError(offering.error).message}</p>;
  }
  if (!terms || !state || !window) return <p className="muted text-sm" role="status">Loading the offering…</p>;

  const sold = state.sharesSold;
  const progress = terms.hardCapShares > 0n ? Number((sold * 10_000n) / terms.hardCapShares) / 100 : 0;
  const open = window.status === "Open" && now <= terms.endTime;

  return (
    <section aria-labelledby="invest-heading" className="card flex flex-col gap-4 p-5" data-testid="invest-panel">
      <div>
        <h2 id="invest-heading" className="text-lg font-semibold">Invest</h2>
        <p className="muted text-sm">
          {money(terms.pricePerShare)} per share · {formatNumber(sold)} of {formatNumber(terms.hardCapShares)} shares sold ({progress.toFixed(0)} %)
        </p>
        <div className="mt-2 h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800" role="progressbar" aria-label="Offering funding" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress)}>
          <div className="h-full rounded-full bg-brand-600" style={{ width: `${Math.min(100, progress)}%` }} />
        </div>
        <p className="muted mt-2 text-xs">
          {open ? `Closes ${formatRelativeTime(terms.endTime, Number(now) * 1000)} (${formatDate(terms.endTime, { withTime: true })}).` : `Offering ${window.status.toLowerCase()}.`}{" "}
          Soft cap {formatNumber(terms.softCapShares)} shares: below it at the close, every investor is refunded in full. Payments stay in escrow until then.
        </p>
      </div>

      {!isConnected ? (
        <button type="button" className="btn-primary" onClick={openConnect}>Connect your wallet to invest</button>
      ) : (
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (ready && !busy) void buy();
          }}
        >
          <div>
            <label htmlFor="invest-shares" className="label">Shares to buy</label>
            <input
              id="invest-shares"
              className="field"
              inputMode="numeric"
              autoComplete="off"
              value={sharesText}
              onChange={(event) => setSharesText(event.target.value)}
              aria-describedby="invest-cost"
              aria-invalid={"error" in parsed}
            />
            <p id="invest-cost" className="mt-1 text-sm" data-testid="invest-cost">
              {cost !== null ? <>Total <strong>{money(cost)}</strong>{alreadyBought > 0n && ` · you already bought ${formatNumber(alreadyBought)} shares here`}</> : "error" in parsed ? parsed.error : ""}
            </p>
          </div>

          <ul className="flex flex-col gap-1.5 text-sm" aria-label="Pre-check before signing" data-testid="invest-checks">
            {checks.map((check) => (
              <li key={check.label} className="flex gap-2" data-ok={check.ok === null ? "pending" : String(check.ok)}>
                <span aria-hidden="true" className={check.ok ? "text-brand-700 dark:text-brand-500" : check.ok === false ? "text-red-700 dark:text-red-400" : "muted"}>
                  {check.ok ? "✓" : check.ok === false ? "✕" : "…"}
                </span>
                <span>
                  <span className="font-medium">{check.label}:</span> <span data-testid={`check-${check.label.split(" ")[0]!.toLowerCase()}`}>{check.detail}</span>
                  {check.ok === false && check.label === KYC_CHECK && (
                    <> <Link href="/kyc" className="font-medium text-brand-700 underline dark:text-brand-500">Get verified</Link></>
                  )}
                </span>
              </li>
            ))}
          </ul>

          {needsAllowance && permitSupported && (
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-1" checked={usePermit} onChange={(event) => setUsePermit(event.target.checked)} />
              <span>Pay with a signed permit: one transaction, the offering may take exactly {cost !== null ? money(cost) : "the cost"}. Untick to approve in a separate transaction.</span>
            </label>
          )}

          <button type="submit" className="btn-primary" disabled={!ready || busy || !open} data-testid="invest-submit">
            {busy ? step ?? "Working…" : needsAllowance ? (permitSupported && usePermit ? "Sign permit and buy" : "Approve and buy") : "Buy shares"}
          </button>
          {step && <p className="muted text-xs" aria-live="polite">{step}</p>}
          {signError && <p role="alert" className="text-sm text-red-800 dark:text-red-300">{signError}</p>}
          <TxStatus status={status} onDismiss={reset} />
        </form>
      )}

      {purchased && (
        <div className="rounded-xl border border-brand-500/40 p-4" data-testid="purchase-receipt">
          <h3 className="font-semibold">Receipt #{purchased.receiptId.toString()}</h3>
          <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
            <dt className="muted">Asset</dt><dd>{assetName}</dd>
            <dt className="muted">Shares</dt><dd data-testid="receipt-shares">{formatNumber(purchased.shares)}</dd>
            <dt className="muted">Paid into escrow</dt><dd data-testid="receipt-cost">{money(purchased.cost)}</dd>
            <dt className="muted">Block</dt><dd>{purchased.block.toString()}</dd>
          </dl>
          <p className="muted mt-2 text-xs">Your shares are delivered when the offering succeeds; if it fails you are refunded in full.</p>
          <Link href={`/portfolio/receipts/${purchased.receiptId.toString()}`} className="btn-secondary mt-3">View ownership certificate</Link>
        </div>
      )}
    </section>
  );
}
