/** The off-chain profile of a signed-in wallet, and validation of what the user submits. */

export interface NotificationPreferences {
  distributions: boolean;
  governance: boolean;
  orderFills: boolean;
}

export interface SavedSearch {
  id: string;
  name: string;
  /** The marketplace's URL query string (see lib/marketplace.ts), without the leading "?". */
  query: string;
  createdAt: string;
}

export interface Profile {
  displayName: string;
  email: string;
  notifications: NotificationPreferences;
  savedSearches: SavedSearch[];
}

export const EMPTY_PROFILE: Profile = {
  displayName: "",
  email: "",
  notifications: { distributions: true, governance: true, orderFills: true },
  savedSearches: [],
};

export const MAX_SAVED_SEARCHES = 20;

export type FieldErrors = Partial<Record<string, string>>;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Validates the editable part of a profile; every problem is reported against its field. */
export function validateProfileInput(input: unknown): Validated<Omit<Profile, "savedSearches">> {
  const errors: FieldErrors = {};
  const body = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const displayName = typeof body.displayName === "string" ? body.displayName.trim() : "";
  if (typeof body.displayName !== "string") errors.displayName = "Enter a display name (it may be empty).";
  else if (displayName.length > 40) errors.displayName = "Use at most 40 characters.";
  else if (/[<>]/.test(displayName)) errors.displayName = "Angle brackets are not allowed.";
  const email = typeof body.email === "string" ? body.email.trim() : "";
  if (email !== "" && !EMAIL.test(email)) errors.email = "Enter an e-mail address like name@example.org, or leave it empty.";
  const prefs = (typeof body.notifications === "object" && body.notifications !== null ? body.notifications : {}) as Record<string, unknown>;
  const notifications = {} as NotificationPreferences;
  for (const key of Object.keys(EMPTY_PROFILE.notifications) as (keyof NotificationPreferences)[]) {
    if (typeof prefs[key] !== "boolean") errors[`notifications.${key}`] = "Choose on or off.";
    else notifications[key] = prefs[key];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { displayName, email, notifications } };
}

/** Validates a search to save: a name and the marketplace query string. */
export function validateSavedSearchInput(input: unknown): Validated<{ name: string; query: string }> {
  const body = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (name.length === 0) errors.name = "Give the search a name.";
  else if (name.length > 60) errors.name = "Use at most 60 characters.";
  const query = typeof body.query === "string" ? body.query.replace(/^\?/, "") : "";
  if (query.length > 500) errors.query = "This search is too long to save.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name, query } };
}
