import { useLayoutEffect, type RefObject } from "react";

/**
 * A server-rendered field can be typed into before React hydrates it. Hydration leaves that text in place,
 * but the next render would put the field back to its state. Right after hydration (before anything renders
 * again), this hands the typed text to `onTyped`; from then on the field's own change events keep them in step.
 */
export function useTypedBeforeHydration(ref: RefObject<HTMLInputElement | null>, value: string, onTyped: (text: string) => void): void {
  useLayoutEffect(() => {
    const typed = ref.current?.value;
    if (typed !== undefined && typed !== value) onTyped(typed);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, at mount
}
