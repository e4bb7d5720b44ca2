import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // @cowatt/deployments ships TypeScript sources (generated ABIs, deployment record reader).
  transpilePackages: ["@cowatt/deployments"],
  // The build runs offline and in tests; a separate dist dir lets the e2e build run beside `next dev`.
  distDir: process.env.COWATT_NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["iron-session"],
};

export default nextConfig;
