import type { ReactNode } from "react";
import { Header } from "./header";
import { Footer } from "./footer";
import { NetworkBanner } from "./network-banner";

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-lg focus:bg-white focus:p-2 dark:focus:bg-stone-900">
        Skip to content
      </a>
      <Header />
      <NetworkBanner />
      {/* At least a screen tall, so the footer starts below the fold: while a page loads, content arriving above it does not push it away on screen (a layout shift). */}
      <main id="main" className="mx-auto min-h-dvh w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-8">
        {children}
      </main>
      <Footer />
    </div>
  );
}
