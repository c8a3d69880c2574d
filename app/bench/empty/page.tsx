import type { Metadata } from "next";

export const metadata: Metadata = { robots: { index: false } };

// An empty page of this build: the baseline the landing page's JavaScript is measured against
// (`npm run bench landing`). It renders nothing and reads nothing.
export default function EmptyPage() {
  return <main />;
}
