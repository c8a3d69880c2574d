import { brandSurface } from "@/lib/organizations/brand";
/** The brand's logo (or its initial on its colour) and name, at the top of consumer pages. */
export function BrandHeader({ name, color, logoUrl }: { name: string; color: string; logoUrl: string | null }) {
  return (
    <header className="flex items-center gap-3 px-5 pt-6 pb-4">
      {logoUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- a brand's own URL, any host; no optimiser needed
        <img src={logoUrl} alt="" width={40} height={40} className="h-10 w-10 rounded-full object-cover" />
      ) : (
        <span aria-hidden className="grid h-10 w-10 place-items-center rounded-full text-lg font-bold text-white" style={{ backgroundColor: brandSurface(color) }}>
          {[...name][0]}
        </span>
      )}
      <span className="text-base font-semibold text-zinc-900">{name}</span>
    </header>
  );
}
