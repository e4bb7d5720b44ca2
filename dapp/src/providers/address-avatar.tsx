"use client";
import type { AvatarComponent } from "@rainbow-me/rainbowkit";
import { addressAvatarShape } from "@/lib/address-avatar";

/** The account avatar: an identicon drawn from the address (see lib/address-avatar). */
export const AddressAvatar: AvatarComponent = ({ address, ensImage, size }) => {
  if (ensImage) {
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={ensImage} width={size} height={size} alt="" style={{ borderRadius: 999 }} />;
  }
  const { background, foreground, cells } = addressAvatarShape(address);
  return (
    <svg width={size} height={size} viewBox="0 0 5 5" shapeRendering="crispEdges" aria-hidden="true" style={{ borderRadius: 999 }} data-testid="address-avatar">
      <rect width="5" height="5" fill={background} />
      {cells.map(([x, y]) => (
        <rect key={`${x}-${y}`} x={x} y={y} width="1" height="1" fill={foreground} />
      ))}
    </svg>
  );
};
