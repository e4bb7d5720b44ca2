// AssetGovernorFactory: each AssetGovernanceCreated starts an AssetGovernor data source (template) for that asset.
import { AssetGovernanceCreated } from "../generated/AssetGovernorFactory/AssetGovernorFactory";
import { AssetGovernor } from "../generated/templates";
import { asset } from "./common";
import { governor } from "./governor";
import * as protocol from "./protocol";

export function handleAssetGovernanceCreated(event: AssetGovernanceCreated): void {
  const p = event.params;
  const g = governor(p.governor, "Asset");
  g.asset = asset(p.assetId, event.block.timestamp).id;
  g.timelock = p.timelock;
  g.votesToken = p.votes;
  g.save();
  protocol.onSetting(event, "AssetGovernorFactory", "AssetGovernanceCreated", p.governor, [p.assetId]);
  AssetGovernor.create(p.governor);
}
