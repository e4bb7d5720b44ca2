// OrderBook: orders, trades, fills, hourly and daily candles; buyers' cost basis and sellers' realised P&L.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  FeeSet, MinimumOrderValueSet, OrderCancelled, OrderPlaced, OrderReduced, Trade, TreasurySet,
} from "../generated/OrderBook/OrderBook";
import { AssetDayCandle, AssetHourCandle, Fill, Order, Trade as TradeRecord } from "../generated/schema";
import { account, asset, cancelReasonName, eventId, position, sideName, saveStatistics, statistics, ZERO } from "./common";
import * as protocol from "./protocol";

const NAME = "OrderBook";
const HOUR = BigInt.fromI32(3600);
const DAY = BigInt.fromI32(86400);

export function handleOrderPlaced(event: OrderPlaced): void {
  const p = event.params;
  const o = new Order(p.orderId.toString());
  o.asset = asset(p.assetId, event.block.timestamp).id;
  o.owner = account(p.owner).id;
  o.side = sideName(p.side);
  o.price = p.price;
  o.shares = p.shares;
  o.remaining = p.shares;
  o.filled = ZERO;
  o.status = "Open";
  o.expiry = p.expiry;
  o.createdAt = event.block.timestamp;
  o.updatedAt = event.block.timestamp;
  o.save();
  const s = statistics();
  s.orderCount += 1;
  saveStatistics(s, event.block.timestamp);
}

function fillOrder(orderId: BigInt, trade: TradeRecord, isMaker: boolean, timestamp: BigInt): void {
  const o = Order.load(orderId.toString());
  if (o != null) {
    o.remaining = o.remaining.minus(trade.shares);
    o.filled = o.filled.plus(trade.shares);
    if (o.remaining.isZero()) o.status = "Filled";
    o.updatedAt = timestamp;
    o.save();
  }
  const f = new Fill(trade.id.concatI32(isMaker ? 0 : 1));
  f.order = orderId.toString();
  f.trade = trade.id;
  f.isMaker = isMaker;
  f.price = trade.price;
  f.shares = trade.shares;
  f.timestamp = timestamp;
  f.save();
}

function updateHourCandle(assetId: string, start: BigInt, price: BigInt, shares: BigInt, value: BigInt): void {
  const id = assetId + "-" + start.toString();
  let c = AssetHourCandle.load(id);
  if (c == null) {
    c = new AssetHourCandle(id);
    c.asset = assetId;
    c.periodStart = start;
    c.open = price;
    c.high = price;
    c.low = price;
    c.volumeShares = ZERO;
    c.volumeValue = ZERO;
    c.tradeCount = 0;
  }
  if (price.gt(c.high)) c.high = price;
  if (price.lt(c.low)) c.low = price;
  c.close = price;
  c.volumeShares = c.volumeShares.plus(shares);
  c.volumeValue = c.volumeValue.plus(value);
  c.tradeCount += 1;
  c.save();
}

function updateDayCandle(assetId: string, start: BigInt, price: BigInt, shares: BigInt, value: BigInt): void {
  const id = assetId + "-" + start.toString();
  let c = AssetDayCandle.load(id);
  if (c == null) {
    c = new AssetDayCandle(id);
    c.asset = assetId;
    c.periodStart = start;
    c.open = price;
    c.high = price;
    c.low = price;
    c.volumeShares = ZERO;
    c.volumeValue = ZERO;
    c.tradeCount = 0;
  }
  if (price.gt(c.high)) c.high = price;
  if (price.lt(c.low)) c.low = price;
  c.close = price;
  c.volumeShares = c.volumeShares.plus(shares);
  c.volumeValue = c.volumeValue.plus(value);
  c.tradeCount += 1;
  c.save();
}

export function handleTrade(event: Trade): void {
  const p = event.params;
  const ts = event.block.timestamp;
  const value = p.price.times(p.shares);
  const t = new TradeRecord(eventId(event));
  t.asset = p.assetId.toString();
  t.makerOrder = p.makerOrderId.toString();
  t.takerOrder = p.takerOrderId.toString();
  t.maker = account(p.maker).id;
  t.taker = account(p.taker).id;
  t.takerSide = sideName(p.takerSide);
  t.price = p.price;
  t.shares = p.shares;
  t.value = value;
  t.fee = p.fee;
  t.blockNumber = event.block.number;
  t.timestamp = ts;
  t.transactionHash = event.transaction.hash;
  t.save();
  fillOrder(p.makerOrderId, t, true, ts);
  fillOrder(p.takerOrderId, t, false, ts);

  // The taker pays the fee: on top of the price when buying, out of the proceeds when selling.
  const takerBuys = p.takerSide == 0;
  const buyer: Address = takerBuys ? p.taker : p.maker;
  const seller: Address = takerBuys ? p.maker : p.taker;
  const bought = position(p.assetId, buyer, ts);
  bought.costBasis = bought.costBasis.plus(takerBuys ? value.plus(p.fee) : value);
  bought.sharesBought = bought.sharesBought.plus(p.shares);
  bought.updatedAt = ts;
  bought.save();
  const sold = position(p.assetId, seller, ts);
  // The shares already left the seller (TransferSingle precedes Trade): the basis is shared over those too.
  const heldBefore = sold.balance.plus(sold.pendingShares).plus(p.shares);
  const basisSold = heldBefore.isZero() ? ZERO : sold.costBasis.times(p.shares).div(heldBefore);
  const proceeds = takerBuys ? value : value.minus(p.fee);
  sold.costBasis = sold.costBasis.minus(basisSold);
  sold.sharesSold = sold.sharesSold.plus(p.shares);
  sold.saleProceeds = sold.saleProceeds.plus(proceeds);
  sold.realizedTradingPnl = sold.realizedTradingPnl.plus(proceeds.minus(basisSold));
  sold.updatedAt = ts;
  sold.save();

  const a = asset(p.assetId, ts);
  a.lastPrice = p.price;
  a.tradeCount += 1;
  a.tradeVolume = a.tradeVolume.plus(value);
  a.save();
  updateHourCandle(a.id, ts.div(HOUR).times(HOUR), p.price, p.shares, value);
  updateDayCandle(a.id, ts.div(DAY).times(DAY), p.price, p.shares, value);
  const s = statistics();
  s.tradeCount += 1;
  s.tradeVolume = s.tradeVolume.plus(value);
  s.tradingFees = s.tradingFees.plus(p.fee);
  saveStatistics(s, event.block.timestamp);
}

export function handleOrderCancelled(event: OrderCancelled): void {
  const o = Order.load(event.params.orderId.toString());
  if (o == null) return;
  o.status = "Cancelled";
  o.cancelReason = cancelReasonName(event.params.reason);
  o.remaining = ZERO;
  o.updatedAt = event.block.timestamp;
  o.save();
}

export function handleOrderReduced(event: OrderReduced): void {
  const o = Order.load(event.params.orderId.toString());
  if (o == null) return;
  o.remaining = event.params.newShares;
  o.updatedAt = event.block.timestamp;
  o.save();
}

export function handleFeeSet(event: FeeSet): void { protocol.onFeeSet(event, NAME, event.params.feeBps); }
export function handleTreasurySet(event: TreasurySet): void { protocol.onTreasurySet(event, NAME, event.params.treasury); }
export function handleMinimumOrderValueSet(event: MinimumOrderValueSet): void {
  protocol.onSetting(event, NAME, "MinimumOrderValueSet", null, [event.params.minimumValue]);
  const c = protocol.config(event, NAME);
  c.minimumOrderValue = event.params.minimumValue;
  c.save();
}
export function handleUnaccountedTokensRecovered(event: ethereum.Event): void { protocol.onTokensRecovered(event, NAME); }
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
