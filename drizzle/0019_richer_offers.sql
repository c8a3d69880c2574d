-- Richer offers (issue 16). The functions are redefined from 0016 (claim_code, send_codes) and 0013
-- (grant_follow_up, apply_redemption); what changes:
-- - claim_mode 'closed_keep_issued' refuses new claims, sends and follow-ups ('claims_closed'), while
--   codes already issued stay redeemable (apply_redemption does not look at it);
-- - A/B variants: claim_code and send_codes give a unique group's code a variant (variant_for: the
--   group's fixed variant, else a stable hash of the phone over its variants), kept on the code and
--   the claim and copied to the redemption; claim_code returns it;
-- - apply_redemption takes the order (several codes on one order: its id, the code's position and the
--   amount its discount applies to) and spends the campaign's discount budget with conditional updates.
CREATE TYPE "public"."claim_mode" AS ENUM('open', 'closed_keep_issued');--> statement-breakpoint
ALTER TYPE "public"."campaign_type" ADD VALUE 'tiered_off';--> statement-breakpoint
CREATE TABLE "campaign_budget_days" (
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"spent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_budget_days_campaign_id_day_pk" PRIMARY KEY("campaign_id","day"),
	CONSTRAINT "campaign_budget_days_spent_check" CHECK ("campaign_budget_days"."spent" >= 0)
);
--> statement-breakpoint
CREATE TABLE "group_variants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"label" text NOT NULL,
	"value" integer,
	"min_spend" integer,
	"percent_off" integer,
	"max_discount" integer,
	"tiers" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_variants_position_key" UNIQUE("group_id","position"),
	CONSTRAINT "group_variants_position_check" CHECK ("group_variants"."position" between 0 and 3),
	CONSTRAINT "group_variants_money_check" CHECK (coalesce("group_variants"."value", 0) >= 0 and coalesce("group_variants"."min_spend", 0) >= 0 and coalesce("group_variants"."max_discount", 0) >= 0),
	CONSTRAINT "group_variants_percent_check" CHECK ("group_variants"."percent_off" is null or ("group_variants"."percent_off" between 1 and 100))
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "tiers" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "product_scope" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "budget_total" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "budget_daily" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "budget_spent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "budget_alert" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "claim_mode" "claim_mode" DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "code_groups" ADD COLUMN "fixed_variant_id" uuid;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "variant_id" uuid;--> statement-breakpoint
ALTER TABLE "codes" ADD COLUMN "variant_id" uuid;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "order_position" smallint;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "applied_to" integer;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "variant_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_budget_days" ADD CONSTRAINT "campaign_budget_days_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_variants" ADD CONSTRAINT "group_variants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_variants" ADD CONSTRAINT "group_variants_group_id_code_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."code_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "redemptions_order_idx" ON "redemptions" USING btree ("order_id") WHERE "redemptions"."order_id" is not null;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_budget_check" CHECK ("campaigns"."budget_spent" >= 0 and coalesce("campaigns"."budget_total", 1) >= 1 and coalesce("campaigns"."budget_daily", 1) >= 1 and ("campaigns"."budget_total" is null or "campaigns"."budget_spent" <= "campaigns"."budget_total"));
--> statement-breakpoint
-- The variant a consumer gets in an A/B group: the group's fixed one, else the phone's stable bucket.
CREATE OR REPLACE FUNCTION variant_for(p_group uuid, p_fixed uuid, p_phone text) RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT v.id FROM group_variants v
  WHERE v.group_id = p_group AND (p_fixed IS NULL OR v.id = p_fixed)
  ORDER BY v.position
  OFFSET CASE WHEN p_fixed IS NULL
    THEN (hashtextextended(coalesce(p_phone, ''), 0) & 9223372036854775807) % greatest((SELECT count(*) FROM group_variants w WHERE w.group_id = p_group), 1)
    ELSE 0 END
  LIMIT 1
$$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS claim_code(uuid, text, timestamptz, date, timestamptz, text, text, uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION claim_code(
  p_group_id uuid,
  p_phone text,
  p_now timestamptz,
  p_day date,
  p_day_start timestamptz,
  p_ip_hash text,
  p_device_id text,
  p_referrer_id uuid
) RETURNS TABLE (
  claim_id uuid,
  code_id bigint,
  code text,
  expires_at timestamptz,
  is_repeat boolean,
  consumer_id uuid,
  campaign_id uuid,
  variant_id uuid
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  g code_groups%ROWTYPE;
  c campaigns%ROWTYPE;
  v_consumer uuid;
  v_claims int;
  v_existing record;
  v_count int;
  v_code_id bigint;
  v_code text;
  v_expires timestamptz;
  v_start int;
  v_claim uuid;
  v_rules jsonb;
  v_variant uuid;
BEGIN
  SELECT * INTO g FROM code_groups WHERE id = p_group_id;
  IF NOT FOUND THEN RAISE EXCEPTION 'not_found'; END IF;
  SELECT * INTO c FROM campaigns WHERE id = g.campaign_id;

  -- Invariant 5: nothing unpublished, paused, ended, frozen or not yet released is claimed.
  IF c.status IN ('draft', 'in_review') THEN RAISE EXCEPTION 'not_found'; END IF;
  IF c.status = 'ended' OR p_now >= c.valid_until OR (c.claim_ends_at IS NOT NULL AND p_now >= c.claim_ends_at) THEN
    RAISE EXCEPTION 'ended';
  END IF;
  IF c.status = 'paused' THEN RAISE EXCEPTION 'paused'; END IF;
  IF c.claim_mode = 'closed_keep_issued' THEN RAISE EXCEPTION 'claims_closed'; END IF;
  IF g.status <> 'active' THEN RAISE EXCEPTION 'frozen'; END IF;
  IF p_now < coalesce(c.release_at, c.valid_from) THEN RAISE EXCEPTION 'not_started'; END IF;

  INSERT INTO consumers AS k (org_id, phone) VALUES (g.org_id, p_phone)
  ON CONFLICT (org_id, phone) DO UPDATE SET phone = excluded.phone
  RETURNING k.id, k.claim_count INTO v_consumer, v_claims;

  -- One claim at a time per consumer and campaign: the limits below are read and then written.
  PERFORM pg_advisory_xact_lock(hashtextextended(v_consumer::text || c.id::text, 0));

  -- A repeat claim in the same group gets the code it already holds.
  SELECT cl.id, cl.code_id, co.code, cl.expires_at, cl.variant_id INTO v_existing
  FROM claims cl JOIN codes co ON co.id = cl.code_id
  WHERE cl.group_id = g.id AND cl.consumer_id = v_consumer AND NOT cl.is_referral_reward AND cl.follow_up_of IS NULL
  ORDER BY cl.created_at LIMIT 1;
  IF FOUND THEN
    RETURN QUERY SELECT v_existing.id, v_existing.code_id, v_existing.code, v_existing.expires_at, true, v_consumer, c.id, v_existing.variant_id;
    RETURN;
  END IF;

  SELECT count(*) INTO v_count FROM claims cl
  WHERE cl.campaign_id = c.id AND cl.consumer_id = v_consumer AND NOT cl.is_referral_reward AND cl.follow_up_of IS NULL;
  IF v_count >= c.per_consumer_limit THEN RAISE EXCEPTION 'limit_reached'; END IF;

  -- Audiences, from the consumer's counters and tags, never from history.
  IF c.audience = 'new' AND v_claims > 0 THEN RAISE EXCEPTION 'not_eligible'; END IF;
  IF c.audience = 'tagged' AND NOT EXISTS (SELECT 1 FROM consumer_tags t WHERE t.consumer_id = v_consumer AND t.tag = c.audience_tag) THEN
    RAISE EXCEPTION 'not_eligible';
  END IF;
  IF c.audience = 'segment' THEN
    SELECT s.rules INTO v_rules FROM segments s WHERE s.id = c.segment_id;
    IF v_rules IS NULL OR NOT consumer_in_segment(v_consumer, v_rules, p_day, p_day_start) THEN RAISE EXCEPTION 'not_eligible'; END IF;
  END IF;

  IF c.daily_per_consumer_limit IS NOT NULL THEN
    SELECT count(*) INTO v_count FROM claims cl
    WHERE cl.campaign_id = c.id AND cl.consumer_id = v_consumer AND cl.created_at >= p_day_start;
    -- The detail tells the consumer which limit it was: today's, not the offer's.
    IF v_count >= c.daily_per_consumer_limit THEN RAISE EXCEPTION 'limit_reached' USING DETAIL = 'daily'; END IF;
  END IF;

  v_expires := c.valid_until;
  IF c.valid_days_after_claim IS NOT NULL THEN
    v_expires := least(v_expires, p_now + make_interval(days => c.valid_days_after_claim));
  END IF;

  IF g.mode = 'unique' THEN
    v_variant := variant_for(g.id, g.fixed_variant_id, p_phone);
    v_start := 1 + floor(random() * greatest(g.quantity, 1))::int;
    UPDATE codes SET status = 'claimed', consumer_id = v_consumer, claimed_at = p_now, expires_at = v_expires, variant_id = v_variant
    WHERE id = (
      SELECT id FROM codes
      WHERE group_id = g.id AND status = 'available' AND seq >= v_start
      ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING id, codes.code INTO v_code_id, v_code;
    IF v_code_id IS NULL THEN
      UPDATE codes SET status = 'claimed', consumer_id = v_consumer, claimed_at = p_now, expires_at = v_expires, variant_id = v_variant
      WHERE id = (
        SELECT id FROM codes
        WHERE group_id = g.id AND status = 'available' AND seq < v_start
        ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED
      )
      RETURNING id, codes.code INTO v_code_id, v_code;
    END IF;
    IF v_code_id IS NULL THEN RAISE EXCEPTION 'sold_out'; END IF;
  ELSE
    UPDATE code_groups SET claimed_count = claimed_count + 1
    WHERE id = g.id AND claimed_count < quantity;
    IF NOT FOUND THEN RAISE EXCEPTION 'sold_out'; END IF;
    SELECT co.id, co.code INTO v_code_id, v_code FROM codes co WHERE co.group_id = g.id AND co.seq = 1;
    -- The shared code's expiry is per claim: it is kept on the claim row below.
  END IF;

  IF c.total_quantity IS NOT NULL THEN
    UPDATE campaigns SET claimed_count = claimed_count + 1 WHERE id = c.id AND claimed_count < total_quantity;
    IF NOT FOUND THEN RAISE EXCEPTION 'sold_out'; END IF;
  END IF;

  IF c.daily_claim_limit IS NOT NULL THEN
    INSERT INTO claim_day_counters AS d (campaign_id, day, claims) VALUES (c.id, p_day, 1)
    ON CONFLICT (campaign_id, day) DO UPDATE SET claims = d.claims + 1 WHERE d.claims < c.daily_claim_limit;
    IF NOT FOUND THEN RAISE EXCEPTION 'sold_out'; END IF;
  END IF;

  INSERT INTO claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, referrer_id, ip_hash, device_id, expires_at, created_at, variant_id)
  VALUES (g.org_id, c.id, g.id, v_code_id, v_consumer, g.influencer_id,
          (SELECT r.id FROM consumers r WHERE r.id = p_referrer_id AND r.org_id = g.org_id AND r.id <> v_consumer),
          p_ip_hash, p_device_id, v_expires, p_now, v_variant)
  RETURNING id INTO v_claim;

  -- The consumer's counters move with the claim (a HOT update: these columns are not indexed).
  UPDATE consumers SET claim_count = claim_count + 1, last_claim_at = p_now WHERE id = v_consumer;
  IF c.reminders IS NOT NULL THEN
    PERFORM queue_claim_texts(g.org_id, v_consumer, v_claim, c.reminders, v_expires, p_now,
                              CASE WHEN (c.reminders->>'onClaim')::boolean THEN 'claimed' END);
  END IF;

  -- Invariant 3: the audit row and the webhook event commit with the claim.
  INSERT INTO audit_logs (org_id, action, entity_type, entity_id, after, ip)
  VALUES (g.org_id, 'code.claimed', 'claim', v_claim::text,
          jsonb_build_object('groupId', g.id, 'codeId', v_code_id, 'consumerId', v_consumer), p_ip_hash);
  INSERT INTO outbox (org_id, type, subject, data)
  VALUES (g.org_id, 'code.claimed', 'code:' || v_code_id,
          jsonb_build_object('claimId', v_claim, 'campaignId', c.id, 'groupId', g.id, 'influencerId', g.influencer_id,
                             'code', v_code, 'expiresAt', v_expires, 'claimedAt', p_now, 'variantId', v_variant));

  RETURN QUERY SELECT v_claim, v_code_id, v_code, v_expires, false, v_consumer, c.id, v_variant;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION send_codes(p_send uuid, p_consumers uuid[], p_now timestamptz, p_day date, p_day_start timestamptz)
RETURNS TABLE (issued int, texts int, skipped jsonb)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  s sends%ROWTYPE;
  g code_groups%ROWTYPE;
  c campaigns%ROWTYPE;
  v_rules jsonb;
  v_batch uuid[];
  v_issue uuid[] := '{}';
  v_codes bigint[];
  v_skipped jsonb := '{}';
  v_take int;
  v_left int;
  v_issued int := 0;
  v_texts int := 0;
  v_expires timestamptz;
  r record;
BEGIN
  SELECT * INTO s FROM sends WHERE id = p_send FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'not_found'; END IF;
  -- Only what lies past the committed cursor: a batch that another worker already did is done.
  v_batch := ARRAY(SELECT x FROM unnest(p_consumers) x WHERE s.cursor IS NULL OR x > s.cursor ORDER BY x);
  IF cardinality(v_batch) = 0 THEN
    RETURN QUERY SELECT 0, 0, '{}'::jsonb;
    RETURN;
  END IF;
  SELECT * INTO g FROM code_groups WHERE id = s.group_id;
  SELECT * INTO c FROM campaigns WHERE id = g.campaign_id;
  IF c.status IN ('draft', 'in_review') THEN RAISE EXCEPTION 'not_found'; END IF;
  IF c.status = 'ended' OR p_now >= c.valid_until OR (c.claim_ends_at IS NOT NULL AND p_now >= c.claim_ends_at) THEN RAISE EXCEPTION 'ended'; END IF;
  IF c.status = 'paused' THEN RAISE EXCEPTION 'paused'; END IF;
  IF c.claim_mode = 'closed_keep_issued' THEN RAISE EXCEPTION 'claims_closed'; END IF;
  IF g.status <> 'active' THEN RAISE EXCEPTION 'frozen'; END IF;
  IF g.mode <> 'unique' THEN RAISE EXCEPTION 'invalid_state'; END IF;
  IF p_now < coalesce(c.release_at, c.valid_from) THEN RAISE EXCEPTION 'not_started'; END IF;
  IF c.audience = 'segment' THEN SELECT sg.rules INTO v_rules FROM segments sg WHERE sg.id = c.segment_id; END IF;

  -- The same per-consumer lock claim_code takes, in id order (no deadlock between batches).
  PERFORM pg_advisory_xact_lock(hashtextextended(x::text || c.id::text, 0)) FROM unnest(v_batch) x ORDER BY x;

  FOR r IN
    SELECT outcome, array_agg(id ORDER BY id) AS ids FROM (
      SELECT k.id, CASE
        WHEN k.erased_at IS NOT NULL THEN 'erased'
        WHEN EXISTS (SELECT 1 FROM claims cl WHERE cl.group_id = g.id AND cl.consumer_id = k.id AND NOT cl.is_referral_reward AND cl.follow_up_of IS NULL)
          THEN 'already_held'
        WHEN (SELECT count(*) FROM claims cl WHERE cl.campaign_id = c.id AND cl.consumer_id = k.id AND NOT cl.is_referral_reward AND cl.follow_up_of IS NULL)
             >= c.per_consumer_limit THEN 'limit_reached'
        WHEN c.daily_per_consumer_limit IS NOT NULL AND (SELECT count(*) FROM claims cl WHERE cl.campaign_id = c.id AND cl.consumer_id = k.id AND cl.created_at >= p_day_start)
             >= c.daily_per_consumer_limit THEN 'limit_reached'
        WHEN c.audience = 'new' AND k.claim_count > 0 THEN 'not_eligible'
        WHEN c.audience = 'tagged' AND NOT EXISTS (SELECT 1 FROM consumer_tags t WHERE t.consumer_id = k.id AND t.tag = c.audience_tag) THEN 'not_eligible'
        WHEN c.audience = 'segment' AND (v_rules IS NULL OR NOT consumer_in_segment(k.id, v_rules, p_day, p_day_start)) THEN 'not_eligible'
        ELSE 'issue' END AS outcome
      FROM consumers k WHERE k.id = ANY (v_batch) AND k.org_id = s.org_id
    ) x GROUP BY outcome
  LOOP
    IF r.outcome = 'issue' THEN v_issue := r.ids; ELSE v_skipped := v_skipped || jsonb_build_object(r.outcome, cardinality(r.ids)); END IF;
  END LOOP;

  IF cardinality(v_issue) > 0 THEN
    v_codes := ARRAY(SELECT id FROM codes WHERE group_id = g.id AND status = 'available' ORDER BY seq LIMIT cardinality(v_issue) FOR UPDATE SKIP LOCKED);
    v_take := cardinality(v_codes);
    -- The campaign's total and daily caps, read under the counters' row locks (as claim_code's
    -- conditional updates take them), so concurrent claims and batches never pass a cap.
    IF c.total_quantity IS NOT NULL THEN
      SELECT greatest(c2.total_quantity - c2.claimed_count, 0) INTO v_left FROM campaigns c2 WHERE c2.id = c.id FOR UPDATE;
      v_take := least(v_take, v_left);
      UPDATE campaigns SET claimed_count = claimed_count + v_take WHERE id = c.id;
    END IF;
    IF c.daily_claim_limit IS NOT NULL THEN
      INSERT INTO claim_day_counters (campaign_id, day, claims) VALUES (c.id, p_day, 0) ON CONFLICT (campaign_id, day) DO NOTHING;
      SELECT greatest(c.daily_claim_limit - d.claims, 0) INTO v_left FROM claim_day_counters d
      WHERE d.campaign_id = c.id AND d.day = p_day FOR UPDATE;
      v_take := least(v_take, v_left);
      UPDATE claim_day_counters SET claims = claims + v_take WHERE campaign_id = c.id AND day = p_day;
    END IF;
    IF cardinality(v_issue) > v_take THEN
      v_skipped := v_skipped || jsonb_build_object('sold_out', cardinality(v_issue) - v_take);
    END IF;
    v_expires := c.valid_until;
    IF c.valid_days_after_claim IS NOT NULL THEN
      v_expires := least(v_expires, p_now + make_interval(days => c.valid_days_after_claim));
    END IF;

    IF v_take > 0 THEN
      WITH pairs AS (
        SELECT * FROM unnest(v_issue[1:v_take], v_codes[1:v_take]) AS p(consumer_id, code_id)
      ), upd AS (
        UPDATE codes co SET status = 'claimed', consumer_id = p.consumer_id, claimed_at = p_now, expires_at = v_expires,
          variant_id = variant_for(g.id, g.fixed_variant_id, (SELECT k.phone FROM consumers k WHERE k.id = p.consumer_id))
        FROM pairs p WHERE co.id = p.code_id
        RETURNING co.id AS code_id, co.code, p.consumer_id, co.variant_id
      ), ins AS (
        INSERT INTO claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, expires_at, created_at, send_id, variant_id)
        SELECT g.org_id, c.id, g.id, u.code_id, u.consumer_id, g.influencer_id, v_expires, p_now, s.id, u.variant_id FROM upd u
        RETURNING id, code_id, consumer_id
      ), aud AS (
        INSERT INTO audit_logs (org_id, action, entity_type, entity_id, after, created_at)
        SELECT g.org_id, 'code.claimed', 'claim', i.id::text,
               jsonb_build_object('groupId', g.id, 'codeId', i.code_id, 'consumerId', i.consumer_id, 'sendId', s.id), p_now
        FROM ins i
      ), obx AS (
        INSERT INTO outbox (org_id, type, subject, data)
        SELECT g.org_id, 'code.claimed', 'code:' || i.code_id,
               jsonb_build_object('claimId', i.id, 'campaignId', c.id, 'groupId', g.id, 'influencerId', g.influencer_id,
                                  'code', u.code, 'expiresAt', v_expires, 'claimedAt', p_now, 'sendId', s.id)
        FROM ins i JOIN upd u ON u.code_id = i.code_id
      ), cons AS (
        UPDATE consumers k SET claim_count = k.claim_count + 1, last_claim_at = p_now
        FROM ins i WHERE k.id = i.consumer_id
        RETURNING k.id, k.opted_out_at, i.id AS claim_id
      ), txt AS (
        INSERT INTO sms_queue (org_id, consumer_id, claim_id, kind, dedupe_key, not_before)
        SELECT g.org_id, k.id, k.claim_id, 'send', k.claim_id::text || ':send', p_now
        FROM cons k WHERE s.sms AND k.opted_out_at IS NULL
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING 1
      ), rem AS (
        INSERT INTO sms_queue (org_id, consumer_id, claim_id, kind, days, dedupe_key, not_before)
        SELECT g.org_id, i.consumer_id, i.id, 'expiry', d, i.id::text || ':expiry:' || d, v_expires - make_interval(days => d)
        FROM ins i CROSS JOIN (SELECT DISTINCT value::int AS d FROM jsonb_array_elements_text(
               CASE WHEN jsonb_typeof(c.reminders->'daysBeforeExpiry') = 'array' THEN c.reminders->'daysBeforeExpiry' ELSE '[]'::jsonb END)) ds
        WHERE v_expires - make_interval(days => d) > p_now
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT (SELECT count(*) FROM ins)::int, (SELECT count(*) FROM txt)::int INTO v_issued, v_texts;
    END IF;
  END IF;

  UPDATE sends SET
    cursor = v_batch[cardinality(v_batch)],
    done = sends.done + cardinality(v_batch),
    issued = sends.issued + v_issued,
    texts = sends.texts + v_texts,
    skipped = (SELECT coalesce(jsonb_object_agg(key, n), '{}'::jsonb) FROM (
                 SELECT key, sum(value::int) AS n FROM (
                   SELECT * FROM jsonb_each_text(sends.skipped) UNION ALL SELECT * FROM jsonb_each_text(v_skipped)) t
                 GROUP BY key) u)
  WHERE id = s.id;

  RETURN QUERY SELECT v_issued, v_texts, v_skipped;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grant_follow_up(p_redemption uuid, p_consumer uuid, p_group uuid, p_now timestamptz)
RETURNS TABLE (claim_id uuid, code text, campaign_name text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  g code_groups%ROWTYPE;
  c campaigns%ROWTYPE;
  k consumers%ROWTYPE;
  v_code_id bigint;
  v_code text;
  v_expires timestamptz;
  v_claim uuid;
BEGIN
  SELECT * INTO k FROM consumers WHERE id = p_consumer;
  SELECT * INTO g FROM code_groups WHERE id = p_group AND org_id = k.org_id;
  IF NOT FOUND OR g.mode <> 'unique' OR g.status <> 'active' THEN RETURN; END IF;
  SELECT * INTO c FROM campaigns WHERE id = g.campaign_id;
  IF c.status <> 'approved' OR c.claim_mode = 'closed_keep_issued' OR p_now >= c.valid_until OR p_now < coalesce(c.release_at, c.valid_from)
     OR (c.claim_ends_at IS NOT NULL AND p_now >= c.claim_ends_at) OR k.erased_at IS NOT NULL THEN
    RETURN;
  END IF;
  v_expires := c.valid_until;
  IF c.valid_days_after_claim IS NOT NULL THEN
    v_expires := least(v_expires, p_now + make_interval(days => c.valid_days_after_claim));
  END IF;
  IF c.total_quantity IS NOT NULL THEN
    UPDATE campaigns SET claimed_count = claimed_count + 1 WHERE id = c.id AND claimed_count < total_quantity;
    IF NOT FOUND THEN RETURN; END IF;
  END IF;
  UPDATE codes SET status = 'claimed', consumer_id = p_consumer, claimed_at = p_now, expires_at = v_expires
  WHERE id = (SELECT id FROM codes WHERE group_id = g.id AND status = 'available' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING id, codes.code INTO v_code_id, v_code;
  IF v_code_id IS NULL THEN
    IF c.total_quantity IS NOT NULL THEN UPDATE campaigns SET claimed_count = claimed_count - 1 WHERE id = c.id; END IF;
    RETURN;
  END IF;
  INSERT INTO claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, expires_at, created_at, follow_up_of)
  VALUES (g.org_id, c.id, g.id, v_code_id, p_consumer, g.influencer_id, v_expires, p_now, p_redemption)
  RETURNING id INTO v_claim;
  UPDATE consumers SET claim_count = claim_count + 1, last_claim_at = p_now WHERE id = p_consumer;
  PERFORM queue_claim_texts(g.org_id, p_consumer, v_claim, c.reminders, v_expires, p_now, 'follow_up');
  INSERT INTO audit_logs (org_id, action, entity_type, entity_id, after, created_at)
  VALUES (g.org_id, 'code.claimed', 'claim', v_claim::text,
          jsonb_build_object('groupId', g.id, 'codeId', v_code_id, 'consumerId', p_consumer, 'followUpOf', p_redemption), p_now);
  INSERT INTO outbox (org_id, type, subject, data)
  VALUES (g.org_id, 'code.claimed', 'code:' || v_code_id,
          jsonb_build_object('claimId', v_claim, 'campaignId', c.id, 'groupId', g.id, 'influencerId', g.influencer_id,
                             'code', v_code, 'expiresAt', v_expires, 'claimedAt', p_now, 'followUpOf', p_redemption));
  RETURN QUERY SELECT v_claim, v_code, c.name;
END;
$$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS apply_redemption(uuid, bigint, uuid, int, int, timestamptz, text, text, uuid, uuid, text, text);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION apply_redemption(
  p_org uuid,
  p_code_id bigint,
  p_store uuid,
  p_order int,
  p_discount int,
  p_now timestamptz,
  p_key text,
  p_hash text,
  p_user uuid,
  p_api_key uuid,
  p_ip text,
  p_user_agent text,
  p_order_id uuid,
  p_position int,
  p_applied_to int
) RETURNS TABLE (
  redemption_id uuid,
  discount int,
  balance_after int,
  redeemed_at timestamptz,
  is_replay boolean,
  follow_up_code text,
  follow_up_campaign text
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  co codes%ROWTYPE;
  g code_groups%ROWTYPE;
  c campaigns%ROWTYPE;
  v_prev redemptions%ROWTYPE;
  v_discount int := p_discount;
  v_balance int;
  v_after int;
  v_id uuid;
  v_follow_code text;
  v_follow_campaign text;
  v_spent int;
  v_level int;
  v_base int := coalesce(p_applied_to, p_order);
BEGIN
  IF p_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('redeem:' || p_org::text || ':' || p_key, 0));
    SELECT * INTO v_prev FROM redemptions r WHERE r.org_id = p_org AND r.idempotency_key = p_key;
    IF FOUND THEN
      IF v_prev.request_hash IS DISTINCT FROM p_hash THEN RAISE EXCEPTION 'idempotency_conflict'; END IF;
      SELECT co2.code, c2.name INTO v_follow_code, v_follow_campaign
      FROM claims f JOIN codes co2 ON co2.id = f.code_id JOIN campaigns c2 ON c2.id = f.campaign_id
      WHERE f.follow_up_of = v_prev.id;
      RETURN QUERY SELECT v_prev.id, v_prev.discount, v_prev.balance_after, v_prev.created_at, true, v_follow_code, v_follow_campaign;
      RETURN;
    END IF;
  END IF;

  SELECT * INTO co FROM codes WHERE id = p_code_id AND org_id = p_org FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'not_found'; END IF;
  SELECT * INTO g FROM code_groups WHERE id = co.group_id;
  SELECT * INTO c FROM campaigns WHERE id = g.campaign_id;

  -- Invariant 5, re-checked now that the code is locked: states may have changed since the lookup.
  IF c.status IN ('draft', 'in_review') THEN RAISE EXCEPTION 'not_found'; END IF;
  IF co.status = 'void' THEN RAISE EXCEPTION 'invalid_state'; END IF;
  IF g.status <> 'active' OR co.status = 'frozen' THEN RAISE EXCEPTION 'frozen'; END IF;
  IF c.status = 'paused' THEN RAISE EXCEPTION 'paused'; END IF;
  IF c.status = 'ended' THEN RAISE EXCEPTION 'ended'; END IF;
  IF p_now < c.valid_from THEN RAISE EXCEPTION 'not_started'; END IF;
  IF p_now >= least(coalesce(co.expires_at, c.valid_until), c.valid_until) THEN RAISE EXCEPTION 'expired'; END IF;

  IF c.type = 'stored_value' THEN
    IF co.status = 'redeemed' THEN RAISE EXCEPTION 'insufficient_balance'; END IF;
    -- The balance is issued on first use, with its ledger entry, so balance = sum(ledger) always holds.
    v_balance := coalesce(co.balance, c.initial_balance);
    IF co.balance IS NULL THEN
      INSERT INTO ledger_entries (org_id, code_id, kind, amount, created_at)
      VALUES (p_org, co.id, 'issue', v_balance, p_now);
    END IF;
    IF v_balance <= 0 THEN RAISE EXCEPTION 'insufficient_balance'; END IF;
    v_discount := least(v_balance, v_base);
    v_after := v_balance - v_discount;
    UPDATE codes SET balance = v_after, redeemed_at = p_now,
                     status = CASE WHEN v_after = 0 THEN 'redeemed'::code_status ELSE codes.status END
    WHERE id = co.id;
  ELSIF g.mode = 'shared' THEN
    -- One use per claim: redemptions of a shared code never outnumber its claims.
    UPDATE code_groups SET redeemed_count = redeemed_count + 1 WHERE id = g.id AND redeemed_count < claimed_count;
    IF NOT FOUND THEN RAISE EXCEPTION 'limit_reached'; END IF;
  ELSE
    IF co.status = 'redeemed' THEN RAISE EXCEPTION 'already_redeemed'; END IF;
    IF co.status NOT IN ('available', 'claimed') THEN RAISE EXCEPTION 'invalid_state'; END IF;
    UPDATE codes SET status = 'redeemed', redeemed_at = p_now WHERE id = co.id;
  END IF;

  -- The discount budget: one conditional update on the campaign's counter (and the day's), like the
  -- claim caps, so concurrent redemptions never spend past it. Crossing 80 % and 100 % of the total
  -- alerts once each (notifications and campaign.budget_reached), in this transaction.
  IF (c.budget_total IS NOT NULL OR c.budget_daily IS NOT NULL) AND v_discount > 0 THEN
    UPDATE campaigns SET budget_spent = budget_spent + v_discount
    WHERE id = c.id AND (budget_total IS NULL OR budget_spent + v_discount <= budget_total)
    RETURNING budget_spent INTO v_spent;
    IF NOT FOUND THEN RAISE EXCEPTION 'budget_exhausted' USING DETAIL = 'total'; END IF;
    IF c.budget_daily IS NOT NULL THEN
      IF v_discount > c.budget_daily THEN RAISE EXCEPTION 'budget_exhausted' USING DETAIL = 'daily'; END IF;
      INSERT INTO campaign_budget_days AS d (campaign_id, day, spent)
      VALUES (c.id, (p_now AT TIME ZONE (SELECT o.time_zone FROM organizations o WHERE o.id = p_org))::date, v_discount)
      ON CONFLICT (campaign_id, day) DO UPDATE SET spent = d.spent + excluded.spent WHERE d.spent + excluded.spent <= c.budget_daily;
      IF NOT FOUND THEN RAISE EXCEPTION 'budget_exhausted' USING DETAIL = 'daily'; END IF;
    END IF;
    IF c.budget_total IS NOT NULL THEN
      v_level := CASE WHEN v_spent >= c.budget_total THEN 100 WHEN v_spent * 5 >= c.budget_total * 4 THEN 80 ELSE 0 END;
      IF v_level > 0 THEN
        UPDATE campaigns SET budget_alert = v_level WHERE id = c.id AND budget_alert < v_level;
        IF FOUND THEN
          INSERT INTO notifications (org_id, user_id, kind, payload)
          SELECT p_org, m.user_id, 'campaign.budget_reached',
                 jsonb_build_object('campaignId', c.id, 'campaignName', c.name, 'percent', v_level, 'spent', v_spent, 'budget', c.budget_total)
          FROM memberships m WHERE m.org_id = p_org AND m.role IN ('owner', 'marketer');
          INSERT INTO outbox (org_id, type, subject, data)
          VALUES (p_org, 'campaign.budget_reached', 'campaign:' || c.id,
                  jsonb_build_object('campaignId', c.id, 'percent', v_level, 'spent', v_spent, 'budget', c.budget_total, 'at', p_now));
        END IF;
      END IF;
    END IF;
  END IF;

  INSERT INTO redemptions (org_id, code_id, campaign_id, group_id, store_id, influencer_id, consumer_id, clerk_user_id,
                           api_key_id, order_amount, discount, balance_after, claimed_at, idempotency_key, request_hash, created_at,
                           order_id, order_position, applied_to, variant_id)
  VALUES (p_org, co.id, c.id, g.id, p_store, g.influencer_id, co.consumer_id, CASE WHEN p_api_key IS NULL THEN p_user END,
          p_api_key, p_order, v_discount, v_after, co.claimed_at, p_key, p_hash, p_now,
          p_order_id, p_position, p_applied_to, co.variant_id)
  RETURNING id INTO v_id;

  IF c.type = 'stored_value' THEN
    INSERT INTO ledger_entries (org_id, code_id, redemption_id, kind, amount, created_at)
    VALUES (p_org, co.id, v_id, 'spend', -v_discount, p_now);
  END IF;

  -- The consumer's counters (a shared code's redemption has no known consumer).
  IF co.consumer_id IS NOT NULL THEN
    UPDATE consumers SET redemption_count = redemption_count + 1, order_total = order_total + p_order,
                         discount_total = discount_total + v_discount, last_redemption_at = p_now
    WHERE id = co.consumer_id;
    INSERT INTO consumer_days AS d (org_id, consumer_id, day, redemptions, order_total, discount_total)
    VALUES (p_org, co.consumer_id, (p_now AT TIME ZONE (SELECT o.time_zone FROM organizations o WHERE o.id = p_org))::date, 1, p_order, v_discount)
    ON CONFLICT (consumer_id, day) DO UPDATE
      SET redemptions = d.redemptions + 1, order_total = d.order_total + excluded.order_total, discount_total = d.discount_total + excluded.discount_total;
    IF c.follow_up_group_id IS NOT NULL THEN
      SELECT f.code, f.campaign_name INTO v_follow_code, v_follow_campaign FROM grant_follow_up(v_id, co.consumer_id, c.follow_up_group_id, p_now) f;
    END IF;
  END IF;

  -- Invariant 3: the audit row and the webhook event commit with the redemption.
  INSERT INTO audit_logs (org_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id, after, ip, user_agent, created_at)
  VALUES (p_org, CASE WHEN p_api_key IS NULL THEN p_user END, p_api_key, 'code.redeemed', 'redemption', v_id::text,
          jsonb_build_object('codeId', co.id, 'code', co.code, 'storeId', p_store, 'orderAmount', p_order,
                             'discount', v_discount, 'balanceAfter', v_after, 'orderId', p_order_id),
          p_ip, p_user_agent, p_now);
  INSERT INTO outbox (org_id, type, subject, data)
  VALUES (p_org, 'code.redeemed', 'code:' || co.id,
          jsonb_build_object('redemptionId', v_id, 'code', co.code, 'campaignId', c.id, 'groupId', g.id,
                             'influencerId', g.influencer_id, 'storeId', p_store, 'orderAmount', p_order,
                             'discount', v_discount, 'payable', v_base - v_discount, 'balance', v_after,
                             'redeemedAt', p_now, 'orderId', p_order_id, 'variantId', co.variant_id));

  RETURN QUERY SELECT v_id, v_discount, v_after, p_now, false, v_follow_code, v_follow_campaign;
END;
$$;
