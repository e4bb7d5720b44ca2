"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { useSession } from "@/providers/session";
import { ConnectWalletButton } from "@/providers/wallet-layer";
import { NAV_ITEMS, isCurrent } from "./nav";
import { ThemeToggle } from "./theme-toggle";

function Logo() {
  return (
    <Link href="/" className="flex items-center gap-2 text-lg font-bold tracking-tight" aria-label="CoWatt home">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-8 w-8">
        <rect width="32" height="32" rx="9" className="fill-brand-600" />
        <path d="M18 5 9 18h6l-2 9 10-13h-6l1-9Z" className="fill-sun-400" />
      </svg>
      <span className="hidden sm:inline">CoWatt</span>
    </Link>
  );
}

export function Header() {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const { address: signedIn } = useSession();
  const links = NAV_ITEMS.map((item) => {
    const current = isCurrent(pathname, item.href);
    return (
      <Link
        key={item.href}
        href={item.href}
        aria-current={current ? "page" : undefined}
        onClick={() => setMenuOpen(false)}
        className={`rounded-lg px-3 py-2 text-sm font-medium ${
          current
            ? "bg-brand-50 text-brand-800 dark:bg-brand-800/30 dark:text-brand-100"
            : "text-stone-700 hover:bg-stone-100 dark:text-stone-300 dark:hover:bg-stone-800"
        }`}
      >
        {item.label}
      </Link>
    );
  });
  return (
    <header className="sticky top-0 z-40 border-b border-stone-200 bg-stone-50/90 backdrop-blur dark:border-stone-800 dark:bg-stone-950/90">
      <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3 sm:px-6 lg:px-8">
        <Logo />
        <nav aria-label="Main" className="ml-4 hidden items-center gap-1 lg:flex">
          {links}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          {signedIn && (
            <Link href="/profile" className="btn-secondary hidden sm:inline-flex" aria-current={pathname === "/profile" ? "page" : undefined}>
              Profile
            </Link>
          )}
          <ThemeToggle />
          <ConnectWalletButton />
          <button
            type="button"
            className="btn-secondary px-3 lg:hidden"
            aria-expanded={menuOpen}
            aria-controls="mobile-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="sr-only">{menuOpen ? "Close menu" : "Open menu"}</span>
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
              {menuOpen ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
            </svg>
          </button>
        </div>
      </div>
      {menuOpen && (
        <nav id="mobile-nav" aria-label="Main" className="flex flex-col gap-1 border-t border-stone-200 px-4 py-2 lg:hidden dark:border-stone-800">
          {links}
          {signedIn && (
            <Link href="/profile" onClick={() => setMenuOpen(false)} className="rounded-lg px-3 py-2 text-sm font-medium">
              Profile
            </Link>
          )}
        </nav>
      )}
    </header>
  );
}
