/**
 * A deterministic identicon for an address: a 5×5 grid mirrored left to right, two colours derived from
 * the address bytes. Replaces RainbowKit's emoji avatar, which renders as an empty box on systems
 * without an emoji font (Debian's Chromium).
 */
export interface AddressAvatarShape {
  background: string;
  foreground: string;
  /** Filled cells as [column, row] on a 5×5 grid. */
  cells: [number, number][];
}

const GRID = 5;

export function addressAvatarShape(address: string): AddressAvatarShape {
  const hex = address.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error(`Not an address: ${address}`);
  const byte = (index: number) => Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  const hue = Math.round((byte(0) * 256 + byte(1)) % 360);
  const background = `hsl(${hue} 55% 88%)`;
  const foreground = `hsl(${(hue + 150 + (byte(2) % 60)) % 360} 65% 38%)`;
  const cells: [number, number][] = [];
  // 15 bits (3 mirrored columns × 5 rows) from bytes 3..4 and 5.
  const bits = (byte(3) << 16) | (byte(4) << 8) | byte(5);
  for (let column = 0; column < Math.ceil(GRID / 2); column++) {
    for (let row = 0; row < GRID; row++) {
      if ((bits >> (column * GRID + row)) & 1) {
        cells.push([column, row]);
        if (column !== GRID - 1 - column) cells.push([GRID - 1 - column, row]);
      }
    }
  }
  return { background, foreground, cells };
}
