/**
 * A plain-TypeScript reference model of CoWatt's share ledger, identities, compliance rules and offering
 * escrow, for the model-based property tests (test/properties.test.ts). Wallets are actor indices;
 * ZERO stands for address(0). Every action is a function that mutates a model (a clone, in the
 * tests) and returns the reason it must revert, or null when it must succeed. The model encodes the
 * documented (intended) behaviour, so a contract that deviates shows up as a mismatch.
 */

export const ZERO = -1;
export const ASSET = { Verified: 3, Offering: 5, Active: 6, Suspended: 7 } as const;
export const OFFER = { Open: 1, Succeeded: 2, Failed: 3, Cancelled: 4 } as const;
const BPS = 10_000n;

export interface IdentityM {
  country: number;
  cls: number;
  expiresAt: bigint;
  revoked: boolean;
}

export interface RulesM {
  restrictCountries: boolean;
  allowedClassesMask: number;
  maxHolders: number;
  lockUpPeriod: number;
  maxBalance: bigint;
  minHolding: bigint;
}

export interface AssetM {
  id: bigint;
  status: number;
  paused: boolean;
  totalShares: bigint;
  supply: bigint;
  rules: RulesM;
  /** Countries explicitly allowed (only meaningful while rules.restrictCountries). */
  allowed: Set<number>;
  bal: bigint[];
  /** Delegatee per actor: an actor index or ZERO. */
  del: number[];
  locked: bigint[];
  /** Actors that ever held shares of this asset. */
  everHeld: Set<number>;
}

export interface ContributionM {
  shares: bigint;
  paid: bigint;
  settled: boolean;
}

export interface OfferingM {
  id: bigint;
  asset: number; // index into Model.assets
  price: bigint;
  soft: bigint;
  hard: bigint;
  min: bigint;
  maxPer: bigint;
  start: bigint;
  end: bigint;
  feeBps: bigint;
  status: number;
  sold: bigint;
  raised: bigint;
  investorCount: number;
  contrib: ContributionM[];
}

export interface Model {
  /** Latest block timestamp; a transaction runs at now + 1 (tests keep every deadline far from it). */
  now: bigint;
  paused: boolean;
  frozen: boolean[];
  /** approvals[owner][operator] */
  approvals: boolean[][];
  identities: IdentityM[]; // identity id = index + 1
  link: number[]; // identity id per actor, 0 when unlinked
  assets: AssetM[]; // asset id = index + 1
  offerings: OfferingM[]; // offering id = index + 1
  feeBps: bigint;
  stable: bigint[]; // stablecoin per actor
  stableOffering: bigint;
  stablePlatform: bigint;
  stableAssetTreasury: bigint;
  escrow: bigint;
}

export type Reason = string | null;

export const txTime = (m: Model) => m.now + 1n;

export function verified(m: Model, w: number): boolean {
  if (w === ZERO) return false;
  const id = m.link[w]!;
  if (id === 0) return false;
  const record = m.identities[id - 1]!;
  return !record.revoked && record.expiresAt > txTime(m);
}

export function holderCount(a: AssetM): number {
  return a.bal.filter((b) => b !== 0n).length;
}

export function votes(a: AssetM, d: number): bigint {
  let sum = 0n;
  a.del.forEach((to, i) => {
    if (to === d) sum += a.bal[i]!;
  });
  return sum;
}

export function countryAllowed(a: AssetM, country: number): boolean {
  return !a.rules.restrictCountries || a.allowed.has(country);
}

/** EnergyAsset.tokenRestriction followed by Compliance.ruleRestriction, for a non-agent movement. */
export function restriction(m: Model, a: AssetM, from: number, to: number, amount: bigint): Reason {
  if (m.paused) return "Paused";
  if (a.paused) return "AssetPaused";
  const transferable = from === ZERO ? a.status === ASSET.Offering || a.status === ASSET.Active : a.status === ASSET.Active;
  if (!transferable) return "SharesNotTransferable";
  if (from !== ZERO && m.frozen[from]) return "SenderFrozen";
  if (m.frozen[to]) return "RecipientFrozen";
  if (from !== ZERO && a.bal[from]! < amount) return "InsufficientBalance";
  if (from !== ZERO && a.locked[from]! > txTime(m)) return "LockedUp";
  if (!verified(m, to)) return "RecipientNotVerified";
  const identity = m.identities[m.link[to]! - 1]!;
  if (!countryAllowed(a, identity.country)) return "CountryNotAllowed";
  const mask = a.rules.allowedClassesMask;
  if (mask !== 0 && ((mask >> identity.cls) & 1) === 0) return "InvestorClassNotAllowed";
  if (from === to) return null;
  const toBal = a.bal[to]!;
  const { maxBalance, minHolding, maxHolders } = a.rules;
  if (maxBalance !== 0n && toBal + amount > maxBalance) return "MaxBalanceExceeded";
  if (minHolding !== 0n) {
    if (toBal + amount < minHolding) return "BelowMinimumHolding";
    if (from !== ZERO) {
      const after = a.bal[from]! - amount;
      if (after !== 0n && after < minHolding) return "BelowMinimumHolding";
    }
  }
  if (maxHolders !== 0 && toBal === 0n && amount !== 0n) {
    const senderLeaves = from !== ZERO && a.bal[from] === amount;
    if (!senderLeaves && holderCount(a) >= maxHolders) return "MaxHoldersReached";
  }
  return null;
}

/** Moves (or mints, from ZERO) shares with no checks; votes follow the delegations. */
export function move(a: AssetM, from: number, to: number, amount: bigint) {
  if (from === ZERO) a.supply += amount;
  else a.bal[from]! -= amount;
  a.bal[to]! += amount;
  if (amount !== 0n) a.everHeld.add(to);
}

// ------------------------------------------------------------------ share actions

export function transfer(m: Model, caller: number, from: number, to: number, asset: number, amount: bigint): Reason {
  if (caller !== from && !m.approvals[from]![caller]) return "ERC1155MissingApprovalForAll";
  const a = m.assets[asset]!;
  const reason = restriction(m, a, from, to, amount);
  if (reason) return reason;
  move(a, from, to, amount);
  return null;
}

/**
 * A batch behaves like its legs one after the other, all or nothing; listing an asset twice is refused
 * (the token checks each leg against the balances before the batch).
 */
export function batchTransfer(m: Model, from: number, to: number, legs: { asset: number; amount: bigint }[]): Reason {
  if (new Set(legs.map((leg) => leg.asset)).size !== legs.length) return "DuplicateAssetId";
  for (const leg of legs) {
    const reason = transfer(m, from, from, to, leg.asset, leg.amount);
    if (reason) return reason;
  }
  return null;
}

export function delegate(m: Model, holder: number, asset: number, delegatee: number): Reason {
  m.assets[asset]!.del[holder] = delegatee;
  return null;
}

export function forcedTransfer(m: Model, from: number, to: number, asset: number, amount: bigint): Reason {
  const a = m.assets[asset]!;
  if (!verified(m, to)) return "RecipientNotVerified";
  // An agent moves existing shares; it never creates them (minting is the issuer's, capped by totalShares).
  if (from === ZERO) return "InvalidWallet";
  if (a.bal[from]! < amount) return "ERC1155InsufficientBalance";
  move(a, from, to, amount);
  return null;
}

/** `assets` are indices into m.assets, or -1 for an unknown asset id. */
export function recoverWallet(m: Model, lost: number, to: number, assets: number[]): Reason {
  if (lost === to) return "InvalidWallet";
  if (m.link[lost] === 0 || m.link[lost] !== m.link[to]) return "RecoveryIdentityMismatch";
  if (!verified(m, to)) return "RecipientNotVerified";
  if (assets.some((i) => i < 0)) return "UnknownAsset";
  m.frozen[lost] = true;
  for (const i of assets) {
    const a = m.assets[i]!;
    const amount = a.bal[lost]!;
    if (amount !== 0n) move(a, lost, to, amount);
  }
  return null;
}

// ------------------------------------------------------------------ offerings

export interface TermsM {
  asset: number;
  price: bigint;
  soft: bigint;
  hard: bigint;
  min: bigint;
  maxPer: bigint;
  start: bigint;
  end: bigint;
}

export function createOffering(m: Model, t: TermsM, actors: number): Reason {
  const a = m.assets[t.asset]!;
  if (t.price === 0n) return "InvalidOfferingTerms";
  if (t.soft === 0n || t.soft > t.hard) return "InvalidOfferingTerms";
  if (t.hard > a.totalShares - a.supply) return "InvalidOfferingTerms";
  if (t.min > t.hard) return "InvalidOfferingTerms";
  if (t.maxPer !== 0n && t.maxPer < t.min) return "InvalidOfferingTerms";
  if (t.end <= t.start || t.end <= txTime(m)) return "InvalidOfferingTerms";
  if (a.status !== ASSET.Verified) return "InvalidAssetStatus";
  a.status = ASSET.Offering;
  m.offerings.push({
    id: BigInt(m.offerings.length + 1),
    ...t,
    feeBps: m.feeBps,
    status: OFFER.Open,
    sold: 0n,
    raised: 0n,
    investorCount: 0,
    contrib: Array.from({ length: actors }, () => ({ shares: 0n, paid: 0n, settled: false })),
  });
  return null;
}

export function purchase(m: Model, investor: number, offering: number, shares: bigint): Reason {
  const o = m.offerings[offering]!;
  const c = o.contrib[investor]!;
  if (o.status !== OFFER.Open || txTime(m) > o.end) return "OfferingClosed";
  if (txTime(m) < o.start) return "OfferingNotStarted";
  if (shares === 0n || shares < o.min) return "PurchaseBelowMinimum";
  if (shares > o.hard - o.sold) return "HardCapReached";
  const total = c.shares + shares;
  const max = o.maxPer === 0n ? o.hard : o.maxPer;
  if (total > max) return "InvestorLimitExceeded";
  const a = m.assets[o.asset]!;
  const reason = restriction(m, a, ZERO, investor, total);
  if (reason) return reason;
  // Every investor of an open offering will be a holder: count them against the maximum.
  const maxHolders = a.rules.maxHolders;
  if (c.shares === 0n && a.bal[investor] === 0n && maxHolders !== 0 && holderCount(a) + o.investorCount >= maxHolders) {
    return "MaxHoldersReached";
  }
  const cost = shares * o.price;
  if (m.stable[investor]! < cost) return "ERC20InsufficientBalance";
  if (c.shares === 0n) o.investorCount++;
  c.shares = total;
  c.paid += cost;
  o.sold += shares;
  o.raised += cost;
  m.escrow += cost;
  m.stable[investor]! -= cost;
  m.stableOffering += cost;
  return null;
}

export function finalizeOffering(m: Model, offering: number): Reason {
  const o = m.offerings[offering]!;
  if (o.status !== OFFER.Open) return "InvalidOfferingStatus";
  if (txTime(m) <= o.end && o.sold < o.hard) return "OfferingStillOpen";
  const a = m.assets[o.asset]!;
  if (o.sold >= o.soft) {
    o.status = OFFER.Succeeded;
    const fee = (o.raised * o.feeBps) / BPS;
    m.escrow -= o.raised;
    m.stableOffering -= o.raised;
    m.stablePlatform += fee;
    m.stableAssetTreasury += o.raised - fee;
    a.status = ASSET.Active;
  } else {
    o.status = OFFER.Failed;
    a.status = ASSET.Verified;
  }
  return null;
}

export function cancelOffering(m: Model, offering: number, byOperator: boolean): Reason {
  const o = m.offerings[offering]!;
  if (!byOperator) return "NotAssetOperator";
  if (o.status !== OFFER.Open) return "InvalidOfferingStatus";
  o.status = OFFER.Cancelled;
  m.assets[o.asset]!.status = ASSET.Verified;
  return null;
}

export function refund(m: Model, offering: number, investors: number[]): Reason {
  const o = m.offerings[offering]!;
  if (o.status !== OFFER.Failed && o.status !== OFFER.Cancelled) return "InvalidOfferingStatus";
  for (const i of investors) {
    const c = o.contrib[i]!;
    if (c.shares === 0n || c.settled) return "NothingToSettle";
    c.settled = true;
    m.escrow -= c.paid;
    m.stableOffering -= c.paid;
    m.stable[i]! += c.paid;
  }
  return null;
}

export function deliverShares(m: Model, offering: number, investors: number[]): Reason {
  const o = m.offerings[offering]!;
  if (o.status !== OFFER.Succeeded) return "InvalidOfferingStatus";
  const a = m.assets[o.asset]!;
  for (const i of investors) {
    const c = o.contrib[i]!;
    if (c.shares === 0n || c.settled) return "NothingToSettle";
    c.settled = true;
    if (c.shares > a.totalShares - a.supply) return "ExceedsTotalShares";
    const reason = restriction(m, a, ZERO, i, c.shares);
    if (reason) return reason;
    move(a, ZERO, i, c.shares);
    if (a.rules.lockUpPeriod !== 0) a.locked[i] = txTime(m) + BigInt(a.rules.lockUpPeriod);
  }
  return null;
}

// ------------------------------------------------------------------ identities, rules, emergency controls

export function linkWallet(m: Model, identity: number, wallet: number): Reason {
  if (identity < 1 || identity > m.identities.length) return "IdentityNotFound";
  if (m.link[wallet] !== 0) return "WalletAlreadyLinked";
  m.link[wallet] = identity;
  return null;
}

export function unlinkWallet(m: Model, wallet: number): Reason {
  if (m.link[wallet] === 0) return "WalletNotLinked";
  m.link[wallet] = 0;
  return null;
}

export function registerIdentity(m: Model, wallet: number, country: number, cls: number, expiresAt: bigint): Reason {
  if (expiresAt <= txTime(m)) return "InvalidExpiry";
  if (m.link[wallet] !== 0) return "WalletAlreadyLinked";
  m.identities.push({ country, cls, expiresAt, revoked: false });
  m.link[wallet] = m.identities.length;
  return null;
}

export function updateIdentity(m: Model, identity: number, country: number, cls: number, expiresAt: bigint): Reason {
  if (expiresAt <= txTime(m)) return "InvalidExpiry";
  m.identities[identity - 1] = { country, cls, expiresAt, revoked: false };
  return null;
}

export function revokeIdentity(m: Model, identity: number): Reason {
  m.identities[identity - 1]!.revoked = true;
  return null;
}

export function setRules(m: Model, asset: number, rules: RulesM): Reason {
  if (rules.allowedClassesMask & ~0x07) return "InvalidRules";
  if (rules.maxBalance !== 0n && rules.minHolding > rules.maxBalance) return "InvalidRules";
  m.assets[asset]!.rules = { ...rules };
  return null;
}

export function setCountriesAllowed(m: Model, asset: number, countries: number[], allowed: boolean): Reason {
  const set = m.assets[asset]!.allowed;
  for (const c of countries) {
    if (allowed) set.add(c);
    else set.delete(c);
  }
  return null;
}

export function setPaused(m: Model, paused: boolean): Reason {
  if (paused && m.paused) return "EnforcedPause";
  if (!paused && !m.paused) return "ExpectedPause";
  m.paused = paused;
  return null;
}

export function setSuspended(m: Model, asset: number, suspend: boolean): Reason {
  const a = m.assets[asset]!;
  if (a.status !== (suspend ? ASSET.Active : ASSET.Suspended)) return "InvalidAssetStatus";
  a.status = suspend ? ASSET.Suspended : ASSET.Active;
  return null;
}

/** Timestamps at which some outcome flips: the tests never let a transaction land near one. */
export function deadlines(m: Model): bigint[] {
  return [
    ...m.identities.map((i) => i.expiresAt),
    ...m.assets.flatMap((a) => a.locked.filter((t) => t !== 0n)),
    ...m.offerings.flatMap((o) => [o.start, o.end]),
  ];
}
