/**
 * Physical production profiles of the meter simulator: solar (sun elevation by latitude, longitude and day
 * of year, autocorrelated cloud cover, zero at night) and wind (Rayleigh/Weibull k=2 wind speed from two
 * autocorrelated Gaussian components, a turbine power curve with cut-in, rated and cut-out speeds).
 * Everything draws from a seeded PRNG so a run is reproducible.
 */

/** mulberry32: a small, fast, seedable 32-bit PRNG (uniform in [0, 1)). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller). */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const DEG = Math.PI / 180;

function dayOfYear(date: Date): number {
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.floor((date.getTime() - start) / 86_400_000) + 1;
}

/** Sun elevation in degrees at a site (Cooper's declination, solar time from longitude and the equation of time). */
export function sunElevationDeg(unixSeconds: number, latitudeDeg: number, longitudeDeg: number): number {
  const date = new Date(unixSeconds * 1000);
  const n = dayOfYear(date);
  const declination = -23.44 * Math.cos((2 * Math.PI * (n + 10)) / 365) * DEG;
  const b = (2 * Math.PI * (n - 81)) / 364;
  const equationOfTimeMin = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
  const utcHours = date.getUTCHours() + date.getUTCMinutes() / 60 + date.getUTCSeconds() / 3600;
  const solarHours = utcHours + longitudeDeg / 15 + equationOfTimeMin / 60;
  const hourAngle = (solarHours - 12) * 15 * DEG;
  const lat = latitudeDeg * DEG;
  const sinElevation =
    Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.asin(Math.max(-1, Math.min(1, sinElevation))) / DEG;
}

export interface SolarSite {
  latitudeDeg: number;
  longitudeDeg: number;
  /** Peak DC→AC output under a clear sky with the sun at zenith. */
  capacityW: number;
}

/** Clear-sky output: proportional to an air-mass-attenuated irradiance, zero when the sun is below the horizon. */
export function clearSkySolarW(site: SolarSite, unixSeconds: number): number {
  const elevation = sunElevationDeg(unixSeconds, site.latitudeDeg, site.longitudeDeg);
  if (elevation <= 0) return 0;
  const sinEl = Math.sin(elevation * DEG);
  // Kasten–Young-like air mass, Meinel's attenuation 0.7^(AM^0.678), normalised to 1 at zenith.
  const airMass = 1 / (sinEl + 0.50572 * Math.pow(elevation + 6.07995, -1.6364));
  const attenuation = Math.pow(0.7, Math.pow(airMass, 0.678)) / 0.7;
  return site.capacityW * sinEl * attenuation;
}

/** Autocorrelated cloud cover in [0, 1] (AR(1) around a mean), turning clear-sky output into site output. */
export class CloudCover {
  private cover: number;
  private readonly random: () => number;
  private readonly mean: number;
  constructor(random: () => number, mean = 0.35) {
    this.random = random;
    this.mean = mean;
    this.cover = mean;
  }

  /** Advances by `dtSeconds` (correlation time about 30 minutes) and returns the transmitted fraction. */
  step(dtSeconds: number): number {
    const rho = Math.exp(-dtSeconds / 1800);
    const noise = 0.25 * Math.sqrt(1 - rho * rho) * gaussian(this.random);
    this.cover = Math.min(1, Math.max(0, this.mean + rho * (this.cover - this.mean) + noise));
    // Thick cloud still lets diffuse light through (about 25 % of clear sky).
    return 1 - 0.75 * Math.pow(this.cover, 1.5);
  }
}

export interface TurbineCurve {
  ratedPowerW: number;
  cutInMs: number;
  ratedMs: number;
  cutOutMs: number;
}

export const DEFAULT_TURBINE: Omit<TurbineCurve, "ratedPowerW"> = { cutInMs: 3, ratedMs: 12, cutOutMs: 25 };

/** Turbine power curve: 0 below cut-in and above cut-out, cubic between cut-in and rated, rated up to cut-out. */
export function turbinePowerW(curve: TurbineCurve, windMs: number): number {
  if (windMs < curve.cutInMs || windMs >= curve.cutOutMs) return 0;
  if (windMs >= curve.ratedMs) return curve.ratedPowerW;
  const cube = (v: number) => v * v * v;
  return (curve.ratedPowerW * (cube(windMs) - cube(curve.cutInMs))) / (cube(curve.ratedMs) - cube(curve.cutInMs));
}

/**
 * Wind speed with persistence: the magnitude of two AR(1) Gaussian components, which is Rayleigh
 * distributed (Weibull with k = 2, typical of sites) with mean `meanMs`, correlation time ~2 hours.
 */
export class WindSpeed {
  private x: number;
  private y: number;
  private readonly random: () => number;
  private readonly sigma: number;
  constructor(random: () => number, meanMs = 7) {
    this.random = random;
    // Rayleigh mean = sigma * sqrt(pi / 2).
    this.sigma = meanMs / Math.sqrt(Math.PI / 2);
    this.x = this.sigma * gaussian(random);
    this.y = this.sigma * gaussian(random);
  }

  step(dtSeconds: number): number {
    const rho = Math.exp(-dtSeconds / 7200);
    const innovation = this.sigma * Math.sqrt(1 - rho * rho);
    this.x = rho * this.x + innovation * gaussian(this.random);
    this.y = rho * this.y + innovation * gaussian(this.random);
    return Math.hypot(this.x, this.y);
  }
}
