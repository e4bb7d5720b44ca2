// RevenueSettlement: expenses and settlement statements (energy x price - expenses - fee = net revenue).
import { BigInt, ethereum } from "@graphprotocol/graph-ts";
import {
  ExpenseRecorded, PlatformFeeSet, PriceBoundsSet, PriceFeedSet, ProductionSourceSet, Settled, TreasurySet,
} from "../generated/RevenueSettlement/RevenueSettlement";
import { Expense, ProductionPeriod, Settlement } from "../generated/schema";
import { eventId, saveStatistics, statistics } from "./common";
import * as protocol from "./protocol";

const NAME = "RevenueSettlement";

export function handleExpenseRecorded(event: ExpenseRecorded): void {
  const p = event.params;
  const e = new Expense(eventId(event));
  e.asset = p.assetId.toString();
  e.periodId = p.periodId;
  e.expenseId = p.expenseId;
  e.amount = p.amount;
  e.category = p.category;
  e.documentCID = p.documentCID;
  e.operator = p.operator;
  e.timestamp = event.block.timestamp;
  e.save();
}

export function handleSettled(event: Settled): void {
  const st = event.params.statement;
  const id = event.params.assetId.toString() + "-" + event.params.periodId.toString();
  const s = new Settlement(id);
  s.asset = event.params.assetId.toString();
  // Linked when the period came from ReportedProduction (the source indexed on this branch).
  if (ProductionPeriod.load(id) != null) s.period = id;
  s.periodId = event.params.periodId;
  s.operator = event.params.operator;
  s.periodStart = st.periodStart;
  s.periodEnd = st.periodEnd;
  s.energyWh = st.energyWh;
  s.priceAnswer = st.priceAnswer;
  s.priceDecimals = st.priceDecimals;
  s.priceRoundId = st.priceRoundId;
  s.priceUpdatedAt = st.priceUpdatedAt;
  s.gross = st.gross;
  s.expenses = st.expenses;
  s.platformFeeBps = st.platformFeeBps;
  s.platformFee = st.platformFee;
  s.net = st.net;
  s.timestamp = event.block.timestamp;
  s.transactionHash = event.transaction.hash;
  s.save();
  const stats = statistics();
  stats.settlementCount += 1;
  stats.settledNet = stats.settledNet.plus(st.net);
  stats.settlementFees = stats.settlementFees.plus(st.platformFee);
  saveStatistics(stats, event.block.timestamp);
}

export function handlePriceFeedSet(event: PriceFeedSet): void {
  protocol.onSetting(event, NAME, "PriceFeedSet", event.params.feed, [event.params.assetId]);
}
export function handlePriceBoundsSet(event: PriceBoundsSet): void {
  protocol.onSetting(event, NAME, "PriceBoundsSet", null, [event.params.minPrice, event.params.maxPrice, event.params.maxPriceAge]);
}
export function handleProductionSourceSet(event: ProductionSourceSet): void {
  protocol.onSetting(event, NAME, "ProductionSourceSet", event.params.source, []);
}
export function handlePlatformFeeSet(event: PlatformFeeSet): void { protocol.onFeeSet(event, NAME, event.params.feeBps); }
export function handleTreasurySet(event: TreasurySet): void { protocol.onTreasurySet(event, NAME, event.params.treasury); }
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
