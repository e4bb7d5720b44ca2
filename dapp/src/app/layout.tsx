import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { readRuntimeConfig } from "@/server/config";
import { Providers } from "@/providers";
import { themeBootScript } from "@/providers/theme";
import { AppShell } from "@/components/app-shell";

// The deployment record and service URLs are read per request, never baked into the build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "CoWatt — own renewable energy together", template: "%s · CoWatt" },
  description: "Buy shares of solar farms and wind turbines, earn from what they produce, trade and vote.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafaf9" },
    { media: "(prefers-color-scheme: dark)", color: "#0c0a09" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  let config;
  let configError: string | null = null;
  try {
    config = readRuntimeConfig();
  } catch (error) {
    configError = (error as Error).message;
  }
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-dvh">
        {config ? (
          <Providers config={config}>
            <AppShell>{children}</AppShell>
          </Providers>
        ) : (
          <main className="mx-auto max-w-xl p-6">
            <h1 className="text-2xl font-bold">CoWatt is not configured</h1>
            <p className="mt-3">The app could not find the platform&apos;s deployment:</p>
            <pre className="mt-3 whitespace-pre-wrap rounded-xl bg-stone-200 p-3 text-sm dark:bg-stone-800">{configError}</pre>
            <p className="mt-3">
              Start the platform with <code>npm run dev</code>, or set <code>COWATT_NETWORK</code> /{" "}
              <code>COWATT_DEPLOYMENT_FILE</code> to a deployment record.
            </p>
          </main>
        )}
      </body>
    </html>
  );
}
