/** The app's sections, in header order. Pages under each href belong to that section. */
export const NAV_ITEMS = [
  { href: "/", label: "Marketplace" },
  { href: "/portfolio", label: "Portfolio" },
  { href: "/trade", label: "Trade" },
  { href: "/governance", label: "Governance" },
  { href: "/impact", label: "Impact" },
  { href: "/operator", label: "Operator" },
  { href: "/admin", label: "Admin" },
] as const;

export function isCurrent(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/" || pathname.startsWith("/assets");
  return pathname === href || pathname.startsWith(`${href}/`);
}
