"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState, type ComponentProps } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { formatMoney } from "@/lib/format";
import { parseOrderAmount, shortMoney } from "@/lib/redemptions/counter";
import { checkCodeAction, redeemCodeAction, type CheckState, type CodeView, type Quote, type QuoteLine, type RedeemState } from "../actions";

// The camera reader and its QR library are fetched only when the clerk taps "scan with camera".
const CameraScanner = dynamic(() => import("./camera-scanner").then((m) => m.CameraScanner), { ssr: false });

/** One idempotency key per redemption attempt; randomUUID needs a secure context, getRandomValues does not. */
function newAttemptKey(): string {
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Success = Extract<RedeemState, { kind: "redeemed" }> & { view: CodeView; views: CodeView[] };
type Problem = { message: string; field?: "code" | "amount" | "store" | "eligible" };

/** An order takes at most this many codes (the API's limit). */
const MAX_CODES = 5;

const DEBOUNCE_MS = 350;

/**
 * The counter: a code box that a USB scanner types into (Enter checks it), the camera as another
 * way in, what the code is, the order amount with the live discount, and confirm. Built for a phone
 * in one hand (big targets, one column) and a counter PC (keyboard only: scan, amount, Enter).
 */
export function RedeemCounter({ storeId }: { storeId: string }) {
  const t = useTranslations("redeem");
  const codeInput = useRef<HTMLInputElement>(null);
  const amountInput = useRef<HTMLInputElement>(null);
  const successPanel = useRef<HTMLDivElement>(null);
  const [codeText, setCodeText] = useState("");
  const [amountText, setAmountText] = useState("");
  const [check, setCheck] = useState<CheckState | null>(null);
  const [checking, setChecking] = useState(false);
  const [quoting, setQuoting] = useState(false);
  const [redeeming, setRedeeming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The typed order is refused (below the minimum spend) while the code itself is fine.
  const [amountRefusal, setAmountRefusal] = useState<string | null>(null);
  const [success, setSuccess] = useState<Success | null>(null);
  const [camera, setCamera] = useState(false);
  // Codes added to this order before the one on screen, in order; and the eligible amount typed per
  // code of a campaign limited to some products.
  const [held, setHeld] = useState<CodeView[]>([]);
  const [eligibleText, setEligibleText] = useState<Record<string, string>>({});
  // Which order (held codes, eligible amounts) the quote on screen was priced for.
  const [quotedKey, setQuotedKey] = useState<string | null>(null);
  // The attempt: this code at this store for this amount. A new one gets a new key; retries reuse it.
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  const sequence = useRef(0);

  const view = check && check.kind === "ok" ? check.code : null;
  const amount = parseOrderAmount(amountText);
  const heldCodes = held.map((h) => h.code);
  const orderViews = view ? [...held, view] : held;
  const limited = orderViews.filter((v) => v.offer.productLimited);
  const eligible = Object.fromEntries(limited.map((v) => [v.code, eligibleText[v.code] ?? ""]));
  const eligibleMissing = limited.some((v) => !("fen" in parseOrderAmount(eligible[v.code])));
  const orderKey = JSON.stringify([heldCodes, eligible]);
  const amountError = "error" in amount && amount.error === "invalid" && !/[A-Za-z]/.test(amountText) ? t("errors.amount") : null;

  // Back to the code box for the next scan, without scrolling away from what the clerk must read.
  const focusCode = useCallback(() => {
    requestAnimationFrame(() => {
      codeInput.current?.focus({ preventScroll: true });
      codeInput.current?.select();
    });
  }, []);

  // Looks the code up (the amount too, when one is typed); only the latest answer counts.
  const runCheck = useCallback(
    async (code: string, amountValue: string, opts: { fresh: boolean }, order: { held: string[]; eligible: Record<string, string> }) => {
      const seq = ++sequence.current;
      if (opts.fresh) {
        setChecking(true);
        setSuccess(null);
      } else setQuoting(true);
      setProblem(null);
      try {
        const state = await checkCodeAction({ code, storeId, amount: amountValue, held: order.held, eligible: order.eligible });
        if (seq !== sequence.current) return;
        if (state.kind === "error") {
          setProblem({ message: state.message, field: state.field });
          if (opts.fresh) setCheck(null);
          if (state.field !== "amount" && state.field !== "eligible") focusCode();
          return;
        }
        // The code is fine but this order is not (below a minimum, over the budget, no eligible line…):
        // keep the code on screen and say why under the amount.
        if (!opts.fresh && state.kind === "refused") {
          setCheck((prev) => (prev?.kind === "ok" ? { ...prev, quote: null } : prev));
          setAmountRefusal(state.message);
          return;
        }
        setAmountRefusal(null);
        setCheck(state);
        if (state.kind === "ok" && state.quote) setQuotedKey(JSON.stringify([order.held, order.eligible]));
        if (opts.fresh) {
          if (state.kind === "ok") setCodeText(state.code.display);
          else focusCode();
        }
      } catch {
        if (seq === sequence.current) setProblem({ message: t("errors.network") });
      } finally {
        if (seq === sequence.current) {
          setChecking(false);
          setQuoting(false);
        }
      }
    },
    [storeId, t, focusCode],
  );

  function submitCode(text = codeText) {
    if (!text.trim()) {
      setProblem({ message: t("errors.code"), field: "code" });
      focusCode();
      return;
    }
    // The next code of an order keeps the amount typed for it; a first code starts a new order.
    const keep = held.length > 0;
    if (!keep) setAmountText("");
    setAmountRefusal(null);
    // The code alone first (what it is, whether it combines); the quote effect then prices the order.
    void runCheck(text, "", { fresh: true }, { held: heldCodes, eligible: eligibleText });
  }

  // "再加一张券": the code on screen joins the order; the box waits for the next one.
  function addToOrder() {
    if (!view || held.length + 1 >= MAX_CODES) return;
    sequence.current++;
    setHeld([...held, view]);
    setCheck(null);
    setCodeText("");
    setAmountRefusal(null);
    setProblem(null);
    focusCode();
  }

  // A code taken off the order; with none on screen, the last one added comes back to it.
  function removeFromOrder(code: string) {
    const rest = held.filter((h) => h.code !== code);
    setHeld(rest);
    if (!check) backToLast(rest);
  }

  function backToLast(list = held) {
    const last = list.at(-1);
    if (!last) return;
    const rest = list.slice(0, -1);
    setHeld(rest);
    void runCheck(last.code, "", { fresh: true }, { held: rest.map((h) => h.code), eligible: eligibleText });
  }

  // Redeemed: show the result from its top (what to charge), with the code box ready for the next scan.
  useEffect(() => {
    if (!success) return;
    codeInput.current?.focus({ preventScroll: true });
    successPanel.current?.scrollIntoView({ block: "start" });
  }, [success]);

  // A usable code was read: the order amount is next.
  const checkedCode = view?.code ?? null;
  const usable = check?.kind === "ok";
  useEffect(() => {
    if (usable && checkedCode) amountInput.current?.focus();
  }, [usable, checkedCode]);

  // The amount (or the order) changed: quote it again after a pause in typing. Codes limited to some
  // products wait for their eligible amount.
  useEffect(() => {
    if (!checkedCode) return;
    const parsed = parseOrderAmount(amountText);
    if ("error" in parsed && parsed.error === "invalid") return;
    const [heldNow, eligibleNow] = JSON.parse(orderKey) as [string[], Record<string, string>];
    if ("fen" in parsed && eligibleMissing) return;
    const timer = setTimeout(() => void runCheck(checkedCode, amountText, { fresh: false }, { held: heldNow, eligible: eligibleNow }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [amountText, checkedCode, runCheck, orderKey, eligibleMissing]);

  // A counter PC's scanner types wherever the focus is: when nothing has it, send the keys to the code box.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const active = document.activeElement;
      if (active && active !== document.body) return;
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      setCodeText(e.key);
      codeInput.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const quote = check?.kind === "ok" ? check.quote : null;
  const typedFen = "fen" in amount ? amount.fen : null;
  // A gift without a minimum needs no amount; everything else needs the quote of the amount on screen.
  const giftWithoutAmount =
    check?.kind === "ok" && held.length === 0 && view?.offer.type === "gift" && view.offer.minSpend === 0 && "error" in amount && amount.error === "empty";
  const quoteShown = quote != null && quote.orderAmount === typedFen && quotedKey === orderKey && !eligibleMissing ? quote : null;
  const ready = check?.kind === "ok" && !quoting && (quoteShown != null || giftWithoutAmount);
  // Enter pressed before the quote of the typed amount came back: confirm as soon as it does.
  const confirmWhenReady = useRef(false);
  useEffect(() => {
    if (!confirmWhenReady.current || quoting) return;
    if (ready) void confirm();
    if (ready || check?.kind !== "ok") confirmWhenReady.current = false;
  });

  async function confirm() {
    if (!ready || redeeming || !view) return;
    const amountValue = giftWithoutAmount ? "0" : amountText;
    const signature = `${[...heldCodes, view.code].join(",")}|${storeId}|${typedFen ?? 0}|${orderKey}`;
    if (attempt.current?.signature !== signature) attempt.current = { signature, key: newAttemptKey() };
    setRedeeming(true);
    setProblem(null);
    try {
      const r = await redeemCodeAction({ code: view.code, held: heldCodes, eligible, storeId, amount: amountValue, idempotencyKey: attempt.current.key });
      if (r.kind === "redeemed") {
        attempt.current = null;
        setSuccess({ ...r, view, views: [...held, view] });
        setCheck(null);
        setHeld([]);
        setEligibleText({});
        setCodeText("");
        setAmountText("");
      } else if (r.kind === "refused") {
        attempt.current = null;
        setCheck(r);
        focusCode();
      } else {
        setProblem({ message: r.message, field: r.field });
      }
    } catch {
      // The answer was lost, not necessarily the redemption: the same key on retry cannot redeem twice.
      setProblem({ message: t("errors.network") });
    } finally {
      setRedeeming(false);
    }
  }

  // Enter in the amount box, or the confirm button.
  function submitAmount() {
    // A scanner read while the focus was in the amount box: that is a new code, not an amount.
    if (/[A-Za-z]/.test(amountText)) {
      const text = amountText;
      setCodeText(text);
      submitCode(text);
      return;
    }
    if (ready) void confirm();
    else if ("fen" in amount) confirmWhenReady.current = true;
  }

  function reset() {
    sequence.current++;
    setAmountRefusal(null);
    attempt.current = null;
    setCheck(null);
    setSuccess(null);
    setProblem(null);
    setHeld([]);
    setEligibleText({});
    setCodeText("");
    setAmountText("");
    setChecking(false);
    setQuoting(false);
    focusCode();
  }

  const codeError = problem?.field === "code" ? problem.message : null;
  const amountProblem = amountError ?? (problem?.field === "amount" ? problem.message : null);
  const eligibleProblem = problem?.field === "eligible" ? problem.message : null;
  const otherProblem = problem && problem.field !== "code" && problem.field !== "amount" && problem.field !== "eligible" ? problem.message : null;

  return (
    <div className="space-y-4" data-testid="redeem-counter">
      {success ? (
        <div ref={successPanel} className="scroll-mt-20">
          <SuccessPanel success={success} onNext={reset} />
        </div>
      ) : null}

      {held.length > 0 ? (
        <OrderList
          held={held}
          lines={quoteShown?.lines ?? null}
          waiting={!check}
          onRemove={removeFromOrder}
          onDone={() => backToLast()}
        />
      ) : null}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          submitCode();
        }}
        noValidate
        className="space-y-2"
      >
        <label htmlFor="redeem-code" className="block text-sm font-medium text-zinc-800">
          {t("code.label")}
        </label>
        <div className="flex gap-2">
          <input
            ref={codeInput}
            id="redeem-code"
            name="code"
            value={codeText}
            onChange={(e) => {
              setCodeText(e.target.value);
              if (check) {
                sequence.current++;
                setCheck(null);
                setAmountText("");
              }
              setProblem(null);
            }}
            onFocus={(e) => e.currentTarget.select()}
            autoFocus
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="search"
            placeholder={t("code.placeholder")}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? "redeem-code-error" : "redeem-code-hint"}
            className="h-14 min-w-0 flex-1 rounded-xl border border-zinc-300 bg-white px-4 font-mono text-xl tracking-wider text-zinc-900 uppercase shadow-xs placeholder:font-sans placeholder:text-base placeholder:tracking-normal placeholder:normal-case placeholder:text-zinc-400 focus:border-rose-500 focus:outline-2 focus:outline-rose-500/20 aria-invalid:border-red-500"
            data-testid="redeem-code"
          />
          <Button type="submit" className="h-14 shrink-0 rounded-xl px-5 text-base" disabled={checking} data-testid="redeem-check">
            {checking ? <Spinner /> : null}
            {t("code.check")}
          </Button>
        </div>
        {codeError ? (
          <p id="redeem-code-error" role="alert" className="text-base text-red-700" data-testid="redeem-code-error">
            {codeError}
          </p>
        ) : (
          <p id="redeem-code-hint" className="text-xs text-zinc-500">
            {t("code.hint")}
          </p>
        )}
      </form>

      {camera ? (
        <CameraScanner
          onClose={() => {
            setCamera(false);
            focusCode();
          }}
          onDetected={(text) => {
            setCamera(false);
            setCodeText(text);
            submitCode(text);
          }}
        />
      ) : (
        <Button variant="secondary" className="h-12 w-full rounded-xl text-base" onClick={() => setCamera(true)} data-testid="camera-open">
          <CameraIcon />
          {t("camera.open")}
        </Button>
      )}

      {otherProblem ? (
        <p role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-base text-red-800" data-testid="redeem-problem">
          {otherProblem}
        </p>
      ) : null}

      {check?.kind === "refused" ? (
        <div role="alert" className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-4" data-testid="redeem-refusal" data-reason={check.reason}>
          <p className="text-sm font-medium text-red-700">{t("refused")}</p>
          <p className="mt-1 text-xl font-semibold text-red-900">{check.message}</p>
          {check.code ? <CodeSummary view={check.code} className="mt-3 border-t border-red-200 pt-3" /> : null}
        </div>
      ) : null}

      {check?.kind === "ok" ? (
        <div className="space-y-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs" data-testid="redeem-code-info">
          <CodeSummary view={check.code} />
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submitAmount();
            }}
            noValidate
            className="space-y-4"
          >
            <div className="space-y-1.5">
              <label htmlFor="redeem-amount" className="block text-sm font-medium text-zinc-800">
                {view?.offer.type === "stored_value"
                  ? t("amount.labelStoredValue")
                  : view?.offer.type === "gift" && view.offer.minSpend === 0
                    ? t("amount.labelOptional")
                    : t("amount.label")}
              </label>
              <MoneyBox
                ref={amountInput}
                id="redeem-amount"
                name="amount"
                value={amountText}
                // Enter works even while the confirm button waits for the quote (a disabled default button blocks the form's own submit).
                onEnter={submitAmount}
                onChange={(e) => {
                  setAmountText(e.target.value);
                  setProblem(null);
                  setAmountRefusal(null);
                  confirmWhenReady.current = false;
                }}
                enterKeyHint="done"
                aria-invalid={amountProblem ? true : undefined}
                aria-describedby={amountProblem ? "redeem-amount-error" : undefined}
                data-testid="redeem-amount"
              />
              {amountProblem ? (
                <p id="redeem-amount-error" role="alert" className="text-base text-red-700">
                  {amountProblem}
                </p>
              ) : null}
              {!quote && view && view.offer.minSpend > 0 && !amountProblem && !amountRefusal ? <p className="text-sm text-zinc-600">{t("amount.minSpend", { min: formatMoney(view.offer.minSpend) })}</p> : null}
            </div>

            {limited.map((v) => (
              <div key={v.code} className="space-y-1.5">
                <label htmlFor={`redeem-eligible-${v.code}`} className="block text-sm font-medium text-zinc-800">
                  {t("eligible.label", { offer: v.offer.name })}
                </label>
                <MoneyBox
                  id={`redeem-eligible-${v.code}`}
                  value={eligibleText[v.code] ?? ""}
                  onEnter={submitAmount}
                  onChange={(e) => {
                    setEligibleText({ ...eligibleText, [v.code]: e.target.value });
                    setProblem(null);
                    setAmountRefusal(null);
                    confirmWhenReady.current = false;
                  }}
                  aria-invalid={eligibleProblem ? true : undefined}
                  aria-describedby={`redeem-eligible-${v.code}-hint`}
                  data-testid="redeem-eligible"
                  data-code={v.code}
                />
                <p id={`redeem-eligible-${v.code}-hint`} className={eligibleProblem ? "text-base text-red-700" : "text-sm text-zinc-600"} role={eligibleProblem ? "alert" : undefined}>
                  {eligibleProblem ?? t("eligible.hint")}
                </p>
              </div>
            ))}

            {amountRefusal && !quoting ? (
              <p role="alert" className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-3 text-lg font-semibold text-red-900" data-testid="redeem-amount-refusal">
                {amountRefusal}
              </p>
            ) : null}
            {quoteShown ? <QuoteLines quote={quoteShown} view={check.code} views={orderViews} /> : null}

            <Button
              type="submit"
              className="h-16 w-full rounded-xl text-lg"
              disabled={!ready || redeeming}
              aria-busy={redeeming || quoting}
              data-testid="redeem-confirm"
            >
              {redeeming || quoting ? <Spinner className="size-5" /> : null}
              {redeeming ? t("confirm.pending") : confirmLabel(t, check.code, quoteShown, held.length)}
            </Button>
          </form>
          {check.code.offer.stackable && held.every((h) => h.offer.stackable) && held.length + 1 < MAX_CODES ? (
            <Button variant="secondary" className="h-12 w-full rounded-xl text-base" onClick={addToOrder} disabled={redeeming} data-testid="redeem-add-code">
              {t("order.add")}
            </Button>
          ) : null}
          <button type="button" onClick={reset} className="block w-full py-2 text-center text-sm text-zinc-600 underline">
            {t("confirm.cancel")}
          </button>
        </div>
      ) : null}
    </div>
  );
}

type T = ReturnType<typeof useTranslations>;

/** A large yuan amount box (¥ in front, decimal keypad on a phone); Enter calls `onEnter`, not the form. */
function MoneyBox({ onEnter, ref, ...props }: Omit<ComponentProps<"input">, "onKeyDown"> & { onEnter: () => void }) {
  return (
    <div className="relative">
      <span className="pointer-events-none absolute inset-y-0 left-4 flex items-center text-xl text-zinc-500">¥</span>
      <input
        ref={ref}
        onKeyDown={(e) => {
          if (e.key !== "Enter" || e.nativeEvent.isComposing) return;
          e.preventDefault();
          onEnter();
        }}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        className="h-14 w-full rounded-xl border border-zinc-300 bg-white pr-4 pl-10 text-2xl tabular-nums text-zinc-900 shadow-xs focus:border-rose-500 focus:outline-2 focus:outline-rose-500/20 aria-invalid:border-red-500"
        {...props}
      />
    </div>
  );
}

function confirmLabel(t: T, view: CodeView, quote: { discount: number } | null, heldCount: number): string {
  if (heldCount > 0) return quote ? t("confirm.withDiscount", { discount: formatMoney(quote.discount) }) : t("confirm.plain");
  if (view.offer.type === "gift") return t("confirm.gift", { gift: view.offer.giftName ?? "" });
  if (view.offer.type === "stored_value" && quote) return t("confirm.storedValue", { amount: formatMoney(quote.discount) });
  if (quote) return t("confirm.withDiscount", { discount: formatMoney(quote.discount) });
  return t("confirm.plain");
}

/** What the code is: the offer in plain words, whose it is, until when. */
function CodeSummary({ view, className }: { view: CodeView; className?: string }) {
  const t = useTranslations("redeem.codeInfo");
  const tRedeem = useTranslations("redeem");
  return (
    <div className={cn("space-y-2", className)}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p className="text-2xl font-bold break-words text-zinc-900" data-testid="redeem-offer">
          {view.offer.text}
        </p>
        <span className="rounded-md bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700">{view.statusLabel}</span>
      </div>
      <p className="text-sm text-zinc-600">{view.offer.name}</p>
      {view.offer.scope ? (
        <p className="rounded-md bg-sky-50 px-2 py-1 text-sm font-medium text-sky-900" data-testid="redeem-scope">
          {view.offer.scope}
        </p>
      ) : null}
      {view.offer.stackable ? null : (
        <p className="rounded-md bg-amber-50 px-2 py-1 text-sm font-medium text-amber-900" data-testid="redeem-not-stackable">
          {tRedeem("notStackable")}
        </p>
      )}
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500">{t("code")}</dt>
        <dd className="font-mono break-all text-zinc-900" data-testid="redeem-display-code">
          {view.display}
        </dd>
        <dt className="text-zinc-500">{t("consumer")}</dt>
        <dd className="text-zinc-900">{view.consumer ?? t("noConsumer")}</dd>
        <dt className="text-zinc-500">{t("expires")}</dt>
        <dd className="text-zinc-900 tabular-nums">{view.expires}</dd>
        {view.influencer ? (
          <>
            <dt className="text-zinc-500">{t("influencer")}</dt>
            <dd className="text-zinc-900">{view.influencer}</dd>
          </>
        ) : null}
        {view.balance != null ? (
          <>
            <dt className="text-zinc-500">{t("balance")}</dt>
            <dd className="font-semibold text-zinc-900 tabular-nums">{formatMoney(view.balance)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** Order, discount (or what the card pays) per code, the next tier, and the amount to pay, large. */
function QuoteLines({ quote, view, views }: { quote: Quote; view: CodeView; views: CodeView[] }) {
  const t = useTranslations("redeem.quote");
  const several = quote.lines.length > 1;
  const storedValue = view.offer.type === "stored_value";
  const viewOf = (code: string) => views.find((v) => v.code === code) ?? view;
  return (
    <dl className="space-y-1 rounded-xl bg-zinc-50 px-4 py-3" data-testid="redeem-quote">
      <div className="flex justify-between gap-3 text-base">
        <dt className="text-zinc-600">{t("order")}</dt>
        <dd className="tabular-nums text-zinc-900">{formatMoney(quote.orderAmount)}</dd>
      </div>
      {quote.lines.map((line) => {
        const v = viewOf(line.code);
        const card = v.offer.type === "stored_value";
        return (
          <div key={line.code} data-testid="redeem-quote-line" data-code={line.code}>
            {v.offer.type === "gift" ? (
              <div className="flex justify-between gap-3 text-base">
                <dt className="text-zinc-600">{several ? `${t("gift")} · ${v.display}` : t("gift")}</dt>
                <dd className="text-right font-semibold text-zinc-900">{v.offer.giftName}</dd>
              </div>
            ) : (
              <div className="flex justify-between gap-3 text-base">
                <dt className="min-w-0 text-zinc-600">
                  {card ? t("fromCard") : t("discount")}
                  {several ? <span className="ml-1 font-mono text-sm break-all text-zinc-500">{v.display}</span> : null}
                </dt>
                <dd className="shrink-0 font-semibold tabular-nums text-emerald-700" data-testid={several ? "redeem-line-discount" : "redeem-discount"}>
                  −{formatMoney(line.discount)}
                </dd>
              </div>
            )}
            {line.nextTier ? (
              <p className="text-sm font-medium text-rose-700" data-testid="redeem-next-tier">
                {t("nextTier", { more: shortMoney(line.nextTier.spendMore), value: shortMoney(line.nextTier.value) })}
              </p>
            ) : null}
          </div>
        );
      })}
      {several ? (
        <div className="flex justify-between gap-3 text-base">
          <dt className="text-zinc-600">{t("discount")}</dt>
          <dd className="font-semibold tabular-nums text-emerald-700" data-testid="redeem-discount">
            −{formatMoney(quote.discount)}
          </dd>
        </div>
      ) : null}
      {storedValue && quote.balanceAfter != null ? (
        <div className="flex justify-between gap-3 text-base">
          <dt className="text-zinc-600">{t("balanceAfter")}</dt>
          <dd className="tabular-nums text-zinc-900">{formatMoney(quote.balanceAfter)}</dd>
        </div>
      ) : null}
      <div className="flex items-baseline justify-between gap-3 border-t border-zinc-200 pt-2">
        <dt className="text-base font-medium text-zinc-800">{t("payable")}</dt>
        <dd className="text-3xl font-bold tabular-nums text-zinc-900" data-testid="redeem-payable">
          {formatMoney(quote.payable)}
        </dd>
      </div>
    </dl>
  );
}

/** The codes already on this order, each removable; while none is on screen, what to do next. */
function OrderList({
  held,
  lines,
  waiting,
  onRemove,
  onDone,
}: {
  held: CodeView[];
  lines: QuoteLine[] | null;
  waiting: boolean;
  onRemove: (code: string) => void;
  onDone: () => void;
}) {
  const t = useTranslations("redeem.order");
  return (
    <section className="space-y-2 rounded-xl border border-rose-200 bg-rose-50/60 p-3" aria-labelledby="redeem-order-title" data-testid="redeem-order">
      <h2 id="redeem-order-title" className="text-sm font-semibold text-rose-900">
        {t("title", { count: held.length + (waiting ? 0 : 1) })}
      </h2>
      <ol className="space-y-1.5">
        {held.map((h, i) => {
          const line = lines?.find((l) => l.code === h.code);
          return (
            <li key={h.code} className="flex items-center gap-3 rounded-lg bg-white px-3 py-2 shadow-xs" data-testid="redeem-order-code" data-code={h.code}>
              <span className="text-sm font-semibold text-zinc-500 tabular-nums">{i + 1}</span>
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-semibold text-zinc-900">{h.offer.text}</p>
                <p className="font-mono text-xs break-all text-zinc-600">{h.display}</p>
              </div>
              {line && h.offer.type !== "gift" ? <span className="text-sm font-semibold text-emerald-700 tabular-nums">−{formatMoney(line.discount)}</span> : null}
              <button
                type="button"
                onClick={() => onRemove(h.code)}
                className="min-h-11 shrink-0 rounded-lg px-2 text-sm text-zinc-600 underline"
                data-testid="redeem-order-remove"
              >
                {t("remove")}
              </button>
            </li>
          );
        })}
      </ol>
      {waiting ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-rose-900">{t("scanNext")}</p>
          <Button variant="secondary" className="h-11 px-4" onClick={onDone} data-testid="redeem-order-done">
            {t("done")}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

/** The big "done" state: what to charge, what is left on a card, or which gift to hand over. */
function SuccessPanel({ success, onNext }: { success: Success; onNext: () => void }) {
  const t = useTranslations("redeem.success");
  const { view } = success;
  return (
    <div role="status" className="rounded-xl border-2 border-emerald-300 bg-emerald-50 p-4" data-testid="redeem-success">
      <div className="flex items-center gap-2 text-emerald-800">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" className="size-7 shrink-0" aria-hidden="true">
          <circle cx="12" cy="12" r="10" />
          <path d="m7.5 12.5 3 3 6-6.5" />
        </svg>
        <p className="text-xl font-bold">{success.lines.length > 1 ? t("orderTitle", { count: success.lines.length }) : t("title")}</p>
      </div>
      {success.lines.length > 1 ? (
        <ul className="mt-2 space-y-0.5" data-testid="redeem-success-lines">
          {success.lines.map((l) => {
            const v = success.views.find((x) => x.code === l.code);
            return (
              <li key={l.code} className="flex justify-between gap-3 text-sm text-emerald-900">
                <span className="min-w-0 font-mono break-all">{v?.display ?? l.code}</span>
                <span className="shrink-0 tabular-nums">{v?.offer.type === "gift" ? v.offer.giftName : `−${formatMoney(l.discount)}`}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="mt-1 font-mono text-sm text-emerald-900">{view.display}</p>
      )}
      {success.views.filter((v) => v.offer.type === "gift").map((v) => (
        <p key={v.code} className="mt-3 text-2xl font-bold text-zinc-900" data-testid="redeem-success-gift">
          {t("handOver", { gift: v.offer.giftName ?? "" })}
        </p>
      ))}
      <dl className="mt-3 space-y-1">
        {success.views.some((v) => v.offer.type !== "gift") ? (
          <div className="flex justify-between gap-3 text-base">
            <dt className="text-emerald-900">{view.offer.type === "stored_value" ? t("fromCard") : t("discount")}</dt>
            <dd className="font-semibold tabular-nums text-emerald-900" data-testid="redeem-success-discount">
              −{formatMoney(success.discount)}
            </dd>
          </div>
        ) : null}
        {success.balance != null ? (
          <div className="flex justify-between gap-3 text-base">
            <dt className="text-emerald-900">{t("balance")}</dt>
            <dd className="font-semibold tabular-nums text-emerald-900" data-testid="redeem-success-balance">
              {formatMoney(success.balance)}
            </dd>
          </div>
        ) : null}
        <div className="flex items-baseline justify-between gap-3 border-t border-emerald-200 pt-2">
          <dt className="text-base font-medium text-emerald-900">{t("payable")}</dt>
          <dd className="text-4xl font-bold tabular-nums text-zinc-900" data-testid="redeem-success-payable">
            {formatMoney(success.payable)}
          </dd>
        </div>
      </dl>
      {success.followUp !== null ? (
        <p className="mt-3 rounded-lg bg-white px-3 py-2 text-base font-semibold text-rose-700" data-testid="redeem-follow-up">
          {t("followUp", { campaign: success.followUp })}
        </p>
      ) : null}
      {success.replay ? <p className="mt-2 text-sm text-emerald-900">{t("replay")}</p> : null}
      <Button variant="secondary" className="mt-4 h-12 w-full rounded-xl text-base" onClick={onNext} data-testid="redeem-next">
        {t("next")}
      </Button>
    </div>
  );
}

function CameraIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" className="size-5" aria-hidden="true">
      <path d="M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1Z" />
      <circle cx="12" cy="13" r="4" />
    </svg>
  );
}
