"use client";
import { useEffect, useRef, useState } from "react";
import "leaflet/dist/leaflet.css";
import type { Listing } from "@/lib/marketplace";
import { countryName, formatPower } from "@/lib/format";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { Notice } from "../states";
import { TECHNOLOGY_STYLE } from "./technology";

/** How long the map waits for its first tile before it falls back to the list. */
const TILE_TIMEOUT_MS = 6_000;

type MapState = "loading" | "ready" | "unavailable";

/**
 * Assets on a Leaflet map (circle markers: no marker images to fetch). When tiles cannot be reached
 * (offline, blocked, no tile server configured) it says so and shows the locations as a list instead.
 */
export function AssetMap({ listings }: { listings: Listing[] }) {
  const { mapTileUrl } = useRuntimeConfig();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<MapState>(mapTileUrl ? "loading" : "unavailable");

  useEffect(() => {
    if (!mapTileUrl || !container.current || listings.length === 0) return;
    let disposed = false;
    let map: import("leaflet").Map | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void import("leaflet").then((L) => {
      if (disposed || !container.current) return;
      map = L.map(container.current, { scrollWheelZoom: false, attributionControl: true });
      let loaded = false;
      const tiles = L.tileLayer(mapTileUrl, { maxZoom: 18, attribution: "© OpenStreetMap contributors" });
      tiles.on("tileload", () => {
        loaded = true;
        setState("ready");
      });
      tiles.on("tileerror", () => {
        if (!loaded) setState("unavailable");
      });
      tiles.addTo(map);
      timer = setTimeout(() => !loaded && setState("unavailable"), TILE_TIMEOUT_MS);
      const bounds = L.latLngBounds([]);
      for (const listing of listings) {
        const point = L.latLng(listing.latitude, listing.longitude);
        bounds.extend(point);
        L.circleMarker(point, { radius: 9, color: "#fff", weight: 2, fillColor: TECHNOLOGY_STYLE[listing.technology].color, fillOpacity: 0.95 })
          .bindTooltip(`${listing.name} · ${formatPower(listing.capacityW)}`)
          .on("click", () => (window.location.href = `/assets/${listing.id}`))
          .addTo(map);
      }
      map.fitBounds(bounds.pad(0.3), { maxZoom: 7 });
    });
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      map?.remove();
    };
  }, [listings, mapTileUrl]);

  return (
    <section aria-labelledby="map-heading" className="flex flex-col gap-3" data-testid="asset-map" data-map-state={state}>
      <h2 id="map-heading" className="sr-only">Map of assets</h2>
      {state !== "unavailable" && (
        <div ref={container} className="h-[420px] w-full overflow-hidden rounded-2xl border border-stone-200 bg-stone-100 dark:border-stone-800 dark:bg-stone-900" role="region" aria-label="Map of asset locations" />
      )}
      {state === "unavailable" && (
        <>
          <Notice tone="warn">The map cannot be shown because map tiles cannot be loaded. Here are the asset locations as a list.</Notice>
          <ul className="card divide-y divide-stone-200 dark:divide-stone-800" data-testid="location-list">
            {listings.map((listing) => (
              <li key={listing.id} className="flex items-center gap-3 px-4 py-3 text-sm">
                <span aria-hidden="true" className="h-3 w-3 shrink-0 rounded-full" style={{ background: TECHNOLOGY_STYLE[listing.technology].color }} />
                <a href={`/assets/${listing.id}`} className="font-medium hover:underline">{listing.name}</a>
                <span className="muted ml-auto text-right">
                  {countryName(listing.country)} · {listing.latitude.toFixed(3)}°, {listing.longitude.toFixed(3)}°
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
