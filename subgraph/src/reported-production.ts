// ReportedProduction: production periods reported with their evidence (final at once).
import { ethereum } from "@graphprotocol/graph-ts";
import { ProductionReported } from "../generated/ReportedProduction/ReportedProduction";
import { ProductionPeriod } from "../generated/schema";
import { asset, saveStatistics, statistics } from "./common";
import * as protocol from "./protocol";

const NAME = "ReportedProduction";

export function handleProductionReported(event: ProductionReported): void {
  const p = event.params;
  const period = new ProductionPeriod(p.assetId.toString() + "-" + p.periodId.toString());
  period.asset = p.assetId.toString();
  period.periodId = p.periodId;
  period.start = p.start;
  period.end = p.end;
  period.energyWh = p.energyWh;
  period.evidenceCID = p.evidenceCID;
  period.reporter = p.reporter;
  period.timestamp = event.block.timestamp;
  period.save();
  const a = asset(p.assetId, event.block.timestamp);
  a.energyReportedWh = a.energyReportedWh.plus(p.energyWh);
  a.save();
  const s = statistics();
  s.energyReportedWh = s.energyReportedWh.plus(p.energyWh);
  saveStatistics(s, event.block.timestamp);
}

export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
