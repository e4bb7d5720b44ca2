// OracleRevenueSettlement: a RevenueSettlement (same ABI) settling ProductionOracle periods, deployed by
// deployMetering next to the platform's (period ids of the two sources would collide). Shared logic in settlement.ts.
import { ethereum } from "@graphprotocol/graph-ts";
import {
  ExpenseRecorded, PlatformFeeSet, PriceBoundsSet, PriceFeedSet, ProductionSourceSet, Settled, TreasurySet,
} from "../generated/OracleRevenueSettlement/RevenueSettlement";
import * as protocol from "./protocol";
import * as settlement from "./settlement";

const NAME = "OracleRevenueSettlement";

export function handleExpenseRecorded(event: ExpenseRecorded): void { settlement.onExpenseRecorded(event, settlement.ORACLE); }
export function handleSettled(event: Settled): void { settlement.onSettled(event, settlement.ORACLE); }
export function handlePriceFeedSet(event: PriceFeedSet): void { settlement.onPriceFeedSet(event, NAME); }
export function handlePriceBoundsSet(event: PriceBoundsSet): void { settlement.onPriceBoundsSet(event, NAME); }
export function handleProductionSourceSet(event: ProductionSourceSet): void { settlement.onProductionSourceSet(event, NAME); }
export function handlePlatformFeeSet(event: PlatformFeeSet): void { settlement.onPlatformFeeSet(event, NAME); }
export function handleTreasurySet(event: TreasurySet): void { settlement.onTreasurySet(event, NAME); }
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
