import { describe, expect, it } from "vitest";
import { addressAvatarShape } from "./address-avatar";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("addressAvatarShape", () => {
  it("is deterministic and ignores the address's letter case", () => {
    expect(addressAvatarShape(ALICE)).toEqual(addressAvatarShape(ALICE.toLowerCase()));
  });

  it("differs between addresses", () => {
    expect(addressAvatarShape(ALICE)).not.toEqual(addressAvatarShape(BOB));
  });

  it("is mirrored left to right inside the 5×5 grid", () => {
    for (const address of [ALICE, BOB]) {
      const { cells } = addressAvatarShape(address);
      const keys = new Set(cells.map(([x, y]) => `${x},${y}`));
      for (const [x, y] of cells) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(5);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThan(5);
        expect(keys.has(`${4 - x},${y}`)).toBe(true);
      }
    }
  });

  it("uses HSL colours with different hues for background and foreground", () => {
    const { background, foreground } = addressAvatarShape(ALICE);
    expect(background).toMatch(/^hsl\(\d+ 55% 88%\)$/);
    expect(foreground).toMatch(/^hsl\(\d+ 65% 38%\)$/);
  });

  it("rejects what is not an address", () => {
    expect(() => addressAvatarShape("0x1234")).toThrow(/Not an address/);
  });
});
