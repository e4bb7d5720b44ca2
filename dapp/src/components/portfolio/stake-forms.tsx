"use client";
import { useState } from "react";
import type { Address } from "viem";
import { wattStakingAbi } from "@cowatt/deployments/abis";
import { formatDate, formatRelativeTime } from "@/lib/format";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { checkStakeAmount, cooldownState, formatDuration, formatWatt, planUnstake, tokenAmountInput, WATT_DECIMALS, type StakePosition } from "@/lib/watt-staking";
import { isBusy } from "@/lib/write-status";
import { SegmentedControl } from "../segmented-control";
import { TxStatus } from "../tx-status";
import { describedBy, FieldError } from "../operator/form-ui";

export interface StakingState {
  /** WATT in the wallet (live). */
  balance: bigint;
  position: StakePosition;
  /** WattStaking.cooldown(), seconds. */
  cooldown: bigint;
}

type Mode = "stake" | "unstake";
const MODE_OPTIONS = [{ value: "stake", label: "Stake" }, { value: "unstake", label: "Unstake" }] as const;

/**
 * Stake and unstake WATT (WattStaking), and withdraw what finished its cooldown. Staking needs no approval:
 * WATT's staking vault moves the tokens itself and they keep counting in the owner's votes. Each tab keeps
 * what was typed in it, through errors and tab switches; a confirmed transaction clears it.
 */
export function StakeForms({ staking, state, chainTime }: { staking: Address; state: StakingState; chainTime: bigint | undefined }) {
  const [mode, setMode] = useState<Mode>("stake");
  const [typed, setTyped] = useState<Record<Mode, string>>({ stake: "", unstake: "" });
  const [touched, setTouched] = useState<Record<Mode, boolean>>({ stake: false, unstake: false });
  const stake = useWriteWithStatus();
  const unstake = useWriteWithStatus();
  const withdraw = useWriteWithStatus();
  const write = mode === "stake" ? stake : unstake;
  const available = mode === "stake" ? state.balance : state.position.staked;
  const check = checkStakeAmount(typed[mode], {
    available,
    decimals: WATT_DECIMALS,
    describeAvailable: (amount) => (mode === "stake" ? `You have ${formatWatt(amount)} in your wallet.` : `You have ${formatWatt(amount)} staked.`),
  });
  const error = touched[mode] && !check.ok ? check.error : undefined;
  const now = chainTime ?? BigInt(Math.floor(Date.now() / 1000));
  const plan = check.ok && mode === "unstake" ? planUnstake(state.position, check.amount, state.cooldown, now) : null;
  const cooling = cooldownState(state.position, now);
  const inputId = `watt-${mode}-amount`;

  const submit = async () => {
    setTouched((current) => ({ ...current, [mode]: true }));
    if (!check.ok) return;
    const receipt = await write.write({ address: staking, abi: wattStakingAbi, functionName: mode, args: [check.amount] });
    if (receipt?.status === "success") {
      setTyped((current) => ({ ...current, [mode]: "" }));
      setTouched((current) => ({ ...current, [mode]: false }));
    }
  };

  return (
    <div className="flex flex-col gap-4 rounded-xl border border-stone-200 p-4 dark:border-stone-800" data-testid="stake-forms">
      <div className="flex items-center justify-between gap-3">
        <h3 className="font-medium">Staking</h3>
        <SegmentedControl label="Stake or unstake" options={MODE_OPTIONS} value={mode} onChange={setMode} />
      </div>

      <form
        noValidate
        aria-label={mode === "stake" ? "Stake WATT" : "Unstake WATT"}
        className="flex flex-col gap-2"
        data-testid={`${mode}-form`}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="flex items-baseline justify-between gap-2">
          <label htmlFor={inputId} className="label">{mode === "stake" ? "WATT to stake" : "WATT to unstake"}</label>
          <span className="muted text-xs">{mode === "stake" ? "In your wallet" : "Staked"}: <span className="tabular-nums">{formatWatt(available)}</span></span>
        </div>
        <div className="flex gap-2">
          <input
            id={inputId}
            className="field flex-1 tabular-nums"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0"
            value={typed[mode]}
            {...describedBy(inputId, error)}
            onChange={(event) => setTyped((current) => ({ ...current, [mode]: event.target.value }))}
            onBlur={() => setTouched((current) => ({ ...current, [mode]: typed[mode].trim() !== "" || current[mode] }))}
          />
          <button
            type="button"
            className="btn-secondary px-3"
            disabled={available === 0n}
            aria-label={mode === "stake" ? "Stake all WATT in your wallet" : "Unstake all staked WATT"}
            onClick={() => setTyped((current) => ({ ...current, [mode]: tokenAmountInput(available, WATT_DECIMALS) }))}
          >
            Max
          </button>
        </div>
        <FieldError id={`${inputId}-error`} message={error} />
        <p className="text-sm" data-testid={`${mode}-note`}>
          {mode === "stake"
            ? "No approval needed: the staking vault moves the WATT itself. Staked WATT keeps its votes and earns from the staking pool."
            : state.cooldown === 0n
              ? "Unstaked WATT returns to your wallet at once."
              : plan
                ? <>Cools down for {formatDuration(state.cooldown)}: withdrawable from <strong>{formatDate(plan.unlocksAt, { withTime: true })}</strong>.{plan.restarts > 0n && <> The {formatWatt(plan.restarts)} already cooling down waits until then too.</>}</>
                : <>Unstaked WATT cools down for {formatDuration(state.cooldown)} before you can withdraw it; it stops earning at once.</>}
        </p>
        <button type="submit" className="btn-primary self-start" disabled={isBusy(write.status) || available === 0n} data-testid={`${mode}-submit`}>
          {isBusy(write.status) ? (mode === "stake" ? "Staking…" : "Unstaking…") : mode === "stake" ? "Stake" : "Request unstake"}
        </button>
        <div data-testid={`${mode}-status`}><TxStatus status={write.status} onDismiss={write.reset} /></div>
      </form>

      {cooling.kind !== "none" && (
        <div className="flex flex-col gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950/30 dark:text-amber-100" data-testid="cooldown">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p>
              <strong className="tabular-nums">{formatWatt(cooling.amount)}</strong>{" "}
              {cooling.kind === "ready"
                ? "finished cooling down and can be withdrawn."
                : <>cooling down, withdrawable {formatRelativeTime(cooling.unlocksAt, Number(now) * 1000)} ({formatDate(cooling.unlocksAt, { withTime: true })}).</>}
            </p>
            <button
              type="button"
              className="btn-primary"
              disabled={cooling.kind !== "ready" || isBusy(withdraw.status)}
              data-testid="withdraw-stake"
              onClick={() => void withdraw.write({ address: staking, abi: wattStakingAbi, functionName: "withdraw" })}
            >
              {isBusy(withdraw.status) ? "Withdrawing…" : "Withdraw to wallet"}
            </button>
          </div>
          <div data-testid="withdraw-stake-status"><TxStatus status={withdraw.status} onDismiss={withdraw.reset} /></div>
        </div>
      )}
    </div>
  );
}
