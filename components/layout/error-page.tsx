import { ButtonLink } from "@/components/ui/button";
import { BrandMark } from "./brand";

/** The 403 / 404 page (inside the console shell when the console rendered it): what happened, and the way back. */
export function ErrorPage({ code, title, description, homeLabel }: { code: string; title: string; description: string; homeLabel: string }) {
  return (
    <div className="flex min-h-[70dvh] flex-col items-center justify-center px-6 py-16 text-center">
      <BrandMark className="mb-8" />
      <p className="text-sm font-semibold text-rose-600">{code}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <p className="mt-3 max-w-md text-sm leading-6 text-zinc-600">{description}</p>
      <ButtonLink href="/" className="mt-8">
        {homeLabel}
      </ButtonLink>
    </div>
  );
}
