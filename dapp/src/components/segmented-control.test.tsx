import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SegmentedControl } from "./segmented-control";

const OPTIONS = [
  { value: "buy", label: "Buy", chosenClassName: "bg-emerald-700 text-white", testId: "side-buy" },
  { value: "sell", label: "Sell", testId: "side-sell" },
] as const;

function render(value: "buy" | "sell"): string {
  return renderToStaticMarkup(<SegmentedControl label="Side" options={OPTIONS} value={value} onChange={() => undefined} />);
}

// Just enough reading of the markup to check roles and attributes without a DOM library.
function radiosIn(html: string) {
  return [...html.matchAll(/<input[^>]*type="radio"[^>]*>/g)].map(([tag]) => ({
    name: /name="([^"]*)"/.exec(tag)?.[1],
    value: /value="([^"]*)"/.exec(tag)?.[1],
    checked: /\schecked=""/.test(tag),
    testId: /data-testid="([^"]*)"/.exec(tag)?.[1],
  }));
}

function labelsIn(html: string) {
  return [...html.matchAll(/<label class="([^"]*)"><input[^>]*>([^<]*)<\/label>/g)].map(([, className, text]) => ({ className: className!, text }));
}

describe("SegmentedControl", () => {
  it("is one labelled radio group whose radios share a name, so the arrow keys move between them", () => {
    const html = render("buy");
    expect(html).toMatch(/^<div role="radiogroup" aria-label="Side"/);
    const radios = radiosIn(html);
    expect(radios.map((radio) => radio.value)).toEqual(["buy", "sell"]);
    expect(new Set(radios.map((radio) => radio.name)).size).toBe(1);
    expect(radios[0]!.name).toBeTruthy();
  });

  it("checks exactly the chosen value and names each radio by its visible label", () => {
    for (const value of ["buy", "sell"] as const) {
      const html = render(value);
      expect(radiosIn(html).filter((radio) => radio.checked).map((radio) => radio.value)).toEqual([value]);
      expect(labelsIn(html).map((label) => label.text)).toEqual(["Buy", "Sell"]);
    }
  });

  it("styles the chosen segment (its own colours when given) and keeps test ids on the radios", () => {
    const html = render("buy");
    const [buy, sell] = labelsIn(html);
    expect(buy!.className).toContain("bg-emerald-700");
    expect(sell!.className).not.toContain("bg-stone-900");
    expect(labelsIn(render("sell"))[1]!.className).toContain("bg-stone-900");
    expect(radiosIn(html).map((radio) => radio.testId)).toEqual(["side-buy", "side-sell"]);
  });

  it("shows keyboard focus on the segment, since the radio itself is transparent", () => {
    for (const label of labelsIn(render("buy"))) expect(label.className).toContain("has-[:focus-visible]:outline-2");
  });
});
