import Link from "next/link";
import { formatCurrency, formatDate, formatNumber } from "@/lib/format";
import type { PortfolioData } from "@/lib/portfolio";
import { ScrollTable, Section, TD, TH } from "../asset/section";

/** The wallet's resting orders; changing or cancelling them happens on the trade page. */
export function OpenOrders({ orders, decimals }: { orders: PortfolioData["orders"]; decimals: number }) {
  return (
    <Section id="orders" title="Open orders" action={<Link href="/trade" className="btn-secondary">Trade</Link>}>
      {orders.length === 0 ? (
        <p className="muted text-sm">No open orders.</p>
      ) : (
        <ScrollTable caption="Your open orders">
          <thead>
            <tr>
              <th scope="col" className={TH}>Asset</th>
              <th scope="col" className={TH}>Side</th>
              <th scope="col" className={`${TH} text-right`}>Price</th>
              <th scope="col" className={`${TH} text-right`}>Open / placed</th>
              <th scope="col" className={TH}>Expires</th>
            </tr>
          </thead>
          <tbody data-testid="open-orders">
            {orders.map((order) => (
              <tr key={order.id}>
                <td className={TD}><Link href={`/trade/${order.asset.id}`} className="hover:underline">{order.asset.name}</Link></td>
                <td className={TD}>{order.side === "Buy" ? "Buy" : "Sell"}</td>
                <td className={`${TD} text-right tabular-nums`}>{formatCurrency(BigInt(order.price), decimals)}</td>
                <td className={`${TD} text-right tabular-nums`}>{formatNumber(BigInt(order.remaining))} / {formatNumber(BigInt(order.shares))}</td>
                <td className={TD}>{order.expiry === "0" ? "When cancelled" : formatDate(BigInt(order.expiry), { withTime: true })}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </Section>
  );
}
