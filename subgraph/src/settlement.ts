// RevenueSettlement events, shared by the platform's RevenueSettlement (ReportedProduction periods) and the
// OracleRevenueSettlement (ProductionOracle periods). Handlers take the plain ethereum.Event and read parameters by
// position, so both data sources' generated event classes fit.
import { ethereum } from "@graphprotocol/graph-ts";
import { Expense, OraclePeriod, ProductionPeriod, Settlement } from "../generated/schema";
import { eventId, saveStatistics, statistics } from "./common";
import * as protocol from "./protocol";

export const REPORTED = "ReportedProduction";
export const ORACLE = "ProductionOracle";

function param(event: ethereum.Event, index: i32): ethereum.Value {
  return event.parameters[index].value;
}

/** ExpenseRecorded(assetId, periodId, expenseId, amount, category, documentCID, operator) */
export function onExpenseRecorded(event: ethereum.Event, productionSource: string): void {
  const e = new Expense(eventId(event));
  e.asset = param(event, 0).toBigInt().toString();
  e.productionSource = productionSource;
  e.periodId = param(event, 1).toBigInt();
  e.expenseId = param(event, 2).toBigInt();
  e.amount = param(event, 3).toBigInt();
  e.category = param(event, 4).toString();
  e.documentCID = param(event, 5).toString();
  e.operator = param(event, 6).toAddress();
  e.timestamp = event.block.timestamp;
  e.save();
}

/** Settled(assetId, periodId, operator, statement), statement as in IRevenueSettlement.Statement. */
export function onSettled(event: ethereum.Event, productionSource: string): void {
  const assetId = param(event, 0).toBigInt();
  const periodId = param(event, 1).toBigInt();
  const st = param(event, 3).toTuple();
  const periodKey = assetId.toString() + "-" + periodId.toString();
  const s = new Settlement(productionSource == ORACLE ? "oracle-" + periodKey : periodKey);
  s.asset = assetId.toString();
  s.productionSource = productionSource;
  s.contract = event.address;
  // Linked to the period entity of the source the contract reads, when indexed.
  if (productionSource == ORACLE) {
    if (OraclePeriod.load(periodKey) != null) s.oraclePeriod = periodKey;
  } else if (ProductionPeriod.load(periodKey) != null) s.period = periodKey;
  s.periodId = periodId;
  s.operator = param(event, 2).toAddress();
  s.periodStart = st[2].toBigInt();
  s.periodEnd = st[3].toBigInt();
  s.energyWh = st[4].toBigInt();
  s.priceAnswer = st[5].toBigInt();
  s.priceDecimals = st[6].toI32();
  s.priceRoundId = st[7].toBigInt();
  s.priceUpdatedAt = st[8].toBigInt();
  s.gross = st[9].toBigInt();
  s.expenses = st[10].toBigInt();
  s.platformFeeBps = st[11].toI32();
  s.platformFee = st[12].toBigInt();
  s.net = st[13].toBigInt();
  s.timestamp = event.block.timestamp;
  s.transactionHash = event.transaction.hash;
  s.save();
  const stats = statistics();
  stats.settlementCount += 1;
  stats.settledNet = stats.settledNet.plus(s.net);
  stats.settlementFees = stats.settlementFees.plus(s.platformFee);
  saveStatistics(stats, event.block.timestamp);
}

export function onPriceFeedSet(event: ethereum.Event, contractName: string): void {
  protocol.onSetting(event, contractName, "PriceFeedSet", param(event, 1).toAddress(), [param(event, 0).toBigInt()]);
}
export function onPriceBoundsSet(event: ethereum.Event, contractName: string): void {
  protocol.onSetting(event, contractName, "PriceBoundsSet", null, [param(event, 0).toBigInt(), param(event, 1).toBigInt(), param(event, 2).toBigInt()]);
}
export function onProductionSourceSet(event: ethereum.Event, contractName: string): void {
  protocol.onSetting(event, contractName, "ProductionSourceSet", param(event, 0).toAddress(), []);
}
export function onPlatformFeeSet(event: ethereum.Event, contractName: string): void {
  protocol.onFeeSet(event, contractName, param(event, 0).toI32());
}
export function onTreasurySet(event: ethereum.Event, contractName: string): void {
  protocol.onTreasurySet(event, contractName, param(event, 0).toAddress());
}
