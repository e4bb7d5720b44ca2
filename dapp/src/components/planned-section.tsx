import Link from "next/link";

/**
 * A section of the app whose pages are not built yet (issue 7 lists them). It says so plainly instead of
 * showing made-up data, and points back to the marketplace.
 */
export function PlannedSection({ title, description }: { title: string; description: string }) {
  return (
    <section className="card mx-auto flex max-w-2xl flex-col gap-3 p-8" aria-labelledby="planned-heading">
      <h1 id="planned-heading" className="text-2xl font-bold">{title}</h1>
      <p className="muted">{description}</p>
      <p className="text-sm">This section is not available yet.</p>
      <Link href="/" className="btn-secondary self-start">Back to the marketplace</Link>
    </section>
  );
}
