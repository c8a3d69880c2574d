-- Consumers, segments, targeted sends, reminders and follow-up coupons (issue 15), in SQL:
--   recount_consumers()   rebuilds the counters from history (the backfill below; seeds that write history directly)
--   consumer_in_segment() whether one consumer meets a segment's rules (claim_code and send_codes ask it)
--   queue_claim_texts()   the texts a new claim is owed (claim confirmation, expiry reminders), once each
--   claim_code()          as before, plus segment audiences, the consumer's counters and the texts
--   grant_follow_up()     a follow-up coupon for a redemption, at most one per redemption
--   apply_redemption()    as before, plus the consumer's counters and the follow-up coupon
--   send_codes()          one batch of a targeted send: set-based, with claim_code's rules
-- lib/segments/sql.ts writes the same segment rules as a WHERE clause for lists, sizes and sends;
-- lib/segments/segments.int.test.ts checks that both agree on a random population.

-- Claims leave the consumer row through HOT updates (only unindexed columns change): room on each page.
ALTER TABLE consumers SET (fillfactor = 90);
--> statement-breakpoint

CREATE OR REPLACE FUNCTION recount_consumers(p_org uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE consumers k SET claim_count = coalesce(s.n, 0), last_claim_at = s.last
  FROM (SELECT k2.id, count(cl.id)::int AS n, max(cl.created_at) AS last
        FROM consumers k2 LEFT JOIN claims cl ON cl.consumer_id = k2.id
        WHERE p_org IS NULL OR k2.org_id = p_org GROUP BY k2.id) s
  WHERE s.id = k.id;
  UPDATE consumers k SET redemption_count = coalesce(s.n, 0), order_total = coalesce(s.o, 0), discount_total = coalesce(s.d, 0),
                         last_redemption_at = s.last
  FROM (SELECT k2.id, count(r.id)::int AS n, sum(r.order_amount)::bigint AS o, sum(r.discount)::bigint AS d, max(r.created_at) AS last
        FROM consumers k2 LEFT JOIN redemptions r ON r.consumer_id = k2.id AND r.reversed_at IS NULL
        WHERE p_org IS NULL OR k2.org_id = p_org GROUP BY k2.id) s
  WHERE s.id = k.id;
  DELETE FROM consumer_days d WHERE p_org IS NULL OR d.org_id = p_org;
  INSERT INTO consumer_days (org_id, consumer_id, day, redemptions, order_total, discount_total)
  SELECT r.org_id, r.consumer_id, (r.created_at AT TIME ZONE o.time_zone)::date, count(*)::int, sum(r.order_amount), sum(r.discount)
  FROM redemptions r JOIN organizations o ON o.id = r.org_id
  WHERE r.consumer_id IS NOT NULL AND r.reversed_at IS NULL AND (p_org IS NULL OR r.org_id = p_org)
  GROUP BY 1, 2, 3;
END;
$$;
--> statement-breakpoint
SELECT recount_consumers(NULL);
--> statement-breakpoint

-- Whether a consumer meets every rule of a segment (lib/segments/rules.ts describes them). Days are the
-- organisation's local days: `p_today` is today's date there and `p_today_start` its first instant.
CREATE OR REPLACE FUNCTION consumer_in_segment(p_consumer uuid, p_rules jsonb, p_today date, p_today_start timestamptz)
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
  k consumers%ROWTYPE;
  v_within int := (p_rules->>'withinDays')::int;
  v_total bigint;
  v_count bigint;
BEGIN
  SELECT * INTO k FROM consumers WHERE id = p_consumer;
  IF NOT FOUND OR k.erased_at IS NOT NULL THEN RETURN false; END IF;
  IF jsonb_array_length(coalesce(p_rules->'tagsAny', '[]')) > 0
     AND NOT (k.tags && ARRAY(SELECT jsonb_array_elements_text(p_rules->'tagsAny'))) THEN
    RETURN false;
  END IF;
  IF NOT (k.tags @> ARRAY(SELECT jsonb_array_elements_text(coalesce(p_rules->'tagsAll', '[]')))) THEN RETURN false; END IF;
  IF p_rules ? 'newConsumer' AND (p_rules->>'newConsumer')::boolean IS DISTINCT FROM (k.claim_count = 0) THEN RETURN false; END IF;
  IF p_rules ? 'dormantDays' AND (k.last_redemption_at IS NULL
      OR k.last_redemption_at >= p_today_start - make_interval(days => (p_rules->>'dormantDays')::int - 1)) THEN
    RETURN false;
  END IF;
  IF p_rules ? 'minOrderTotal' OR p_rules ? 'minRedemptions' THEN
    IF v_within IS NULL THEN
      v_total := k.order_total;
      v_count := k.redemption_count;
    ELSE
      SELECT coalesce(sum(d.order_total), 0), coalesce(sum(d.redemptions), 0) INTO v_total, v_count
      FROM consumer_days d WHERE d.consumer_id = p_consumer AND d.day > p_today - v_within;
    END IF;
    IF v_total < coalesce((p_rules->>'minOrderTotal')::bigint, 0) THEN RETURN false; END IF;
    IF v_count < coalesce((p_rules->>'minRedemptions')::bigint, 0) THEN RETURN false; END IF;
  END IF;
  RETURN true;
END;
$$;
--> statement-breakpoint

-- The texts a new claim is owed by its campaign's settings, each once per claim (the dedupe key):
-- a confirmation now (when `p_confirm`), and each expiry reminder at its time, if that is still ahead.
CREATE OR REPLACE FUNCTION queue_claim_texts(
  p_org uuid, p_consumer uuid, p_claim uuid, p_reminders jsonb, p_expires timestamptz, p_now timestamptz, p_confirm text
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_confirm IS NOT NULL THEN
    INSERT INTO sms_queue (org_id, consumer_id, claim_id, kind, dedupe_key, not_before)
    VALUES (p_org, p_consumer, p_claim, p_confirm, p_claim::text || ':' || p_confirm, p_now)
    ON CONFLICT (dedupe_key) DO NOTHING;
  END IF;
  IF p_expires IS NOT NULL AND jsonb_typeof(p_reminders->'daysBeforeExpiry') = 'array' THEN
    INSERT INTO sms_queue (org_id, consumer_id, claim_id, kind, days, dedupe_key, not_before)
    SELECT p_org, p_consumer, p_claim, 'expiry', d, p_claim::text || ':expiry:' || d, p_expires - make_interval(days => d)
    FROM (SELECT DISTINCT value::int AS d FROM jsonb_array_elements_text(p_reminders->'daysBeforeExpiry')) x
    WHERE p_expires - make_interval(days => d) > p_now
    ON CONFLICT (dedupe_key) DO NOTHING;
  END IF;
END;
$$;
--> statement-breakpoint

-- claim_code: as in 0003 (read that file's notes), plus: audience 'segment' through consumer_in_segment,
-- audience 'new' through the consumer's claim counter, the counters themselves, and the campaign's texts.
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
  campaign_id uuid
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  g code_groups%ROWTYPE;
  c campaigns%ROWTYPE;
  v_consumer uuid;
  v_tags text[];
  v_claims int;
  v_existing record;
  v_count int;
  v_code_id bigint;
  v_code text;
  v_expires timestamptz;
  v_start int;
  v_claim uuid;
  v_rules jsonb;
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
  IF g.status <> 'active' THEN RAISE EXCEPTION 'frozen'; END IF;
  IF p_now < coalesce(c.release_at, c.valid_from) THEN RAISE EXCEPTION 'not_started'; END IF;

  INSERT INTO consumers AS k (org_id, phone) VALUES (g.org_id, p_phone)
  ON CONFLICT (org_id, phone) DO UPDATE SET phone = excluded.phone
  RETURNING k.id, k.tags, k.claim_count INTO v_consumer, v_tags, v_claims;

  -- One claim at a time per consumer and campaign: the limits below are read and then written.
  PERFORM pg_advisory_xact_lock(hashtextextended(v_consumer::text || c.id::text, 0));

  -- A repeat claim in the same group gets the code it already holds.
  SELECT cl.id, cl.code_id, co.code, cl.expires_at INTO v_existing
  FROM claims cl JOIN codes co ON co.id = cl.code_id
  WHERE cl.group_id = g.id AND cl.consumer_id = v_consumer AND NOT cl.is_referral_reward AND cl.follow_up_of IS NULL
  ORDER BY cl.created_at LIMIT 1;
  IF FOUND THEN
    RETURN QUERY SELECT v_existing.id, v_existing.code_id, v_existing.code, v_existing.expires_at, true, v_consumer, c.id;
    RETURN;
  END IF;

  SELECT count(*) INTO v_count FROM claims cl
  WHERE cl.campaign_id = c.id AND cl.consumer_id = v_consumer AND NOT cl.is_referral_reward AND cl.follow_up_of IS NULL;
  IF v_count >= c.per_consumer_limit THEN RAISE EXCEPTION 'limit_reached'; END IF;

  -- Audiences, from the consumer's own row (the counters and tags), never from history.
  IF c.audience = 'new' AND v_claims > 0 THEN RAISE EXCEPTION 'not_eligible'; END IF;
  IF c.audience = 'tagged' AND NOT (c.audience_tag = ANY (v_tags)) THEN RAISE EXCEPTION 'not_eligible'; END IF;
  IF c.audience = 'segment' THEN
    SELECT s.rules INTO v_rules FROM segments s WHERE s.id = c.segment_id;
    IF v_rules IS NULL OR NOT consumer_in_segment(v_consumer, v_rules, p_day, p_day_start) THEN RAISE EXCEPTION 'not_eligible'; END IF;
  END IF;

  IF c.daily_per_consumer_limit IS NOT NULL THEN
    SELECT count(*) INTO v_count FROM claims cl
    WHERE cl.campaign_id = c.id AND cl.consumer_id = v_consumer AND cl.created_at >= p_day_start;
    IF v_count >= c.daily_per_consumer_limit THEN RAISE EXCEPTION 'limit_reached'; END IF;
  END IF;

  v_expires := c.valid_until;
  IF c.valid_days_after_claim IS NOT NULL THEN
    v_expires := least(v_expires, p_now + make_interval(days => c.valid_days_after_claim));
  END IF;

  IF g.mode = 'unique' THEN
    v_start := 1 + floor(random() * greatest(g.quantity, 1))::int;
    UPDATE codes SET status = 'claimed', consumer_id = v_consumer, claimed_at = p_now, expires_at = v_expires
    WHERE id = (
      SELECT id FROM codes
      WHERE group_id = g.id AND status = 'available' AND seq >= v_start
      ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING id, codes.code INTO v_code_id, v_code;
    IF v_code_id IS NULL THEN
      UPDATE codes SET status = 'claimed', consumer_id = v_consumer, claimed_at = p_now, expires_at = v_expires
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

  INSERT INTO claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, referrer_id, ip_hash, device_id, expires_at, created_at)
  VALUES (g.org_id, c.id, g.id, v_code_id, v_consumer, g.influencer_id,
          (SELECT r.id FROM consumers r WHERE r.id = p_referrer_id AND r.org_id = g.org_id AND r.id <> v_consumer),
          p_ip_hash, p_device_id, v_expires, p_now)
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
                             'code', v_code, 'expiresAt', v_expires, 'claimedAt', p_now));

  RETURN QUERY SELECT v_claim, v_code_id, v_code, v_expires, false, v_consumer, c.id;
END;
$$;
--> statement-breakpoint

-- A follow-up coupon (复购券) for one redemption: a code of the follow-up group for the same consumer,
-- granted inside the redemption's transaction, so a retried or replayed redemption never grants twice
-- (and claims_follow_up_key makes a second grant for the same redemption impossible anyway). When the
-- group cannot give one (sold out, not live, not a unique group) it gives none: the redemption stands.
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
  IF c.status <> 'approved' OR p_now >= c.valid_until OR p_now < coalesce(c.release_at, c.valid_from)
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

-- apply_redemption: as in 0005 (read that file's notes), plus the consumer's counters (per local day
-- too, for segment windows) and the campaign's follow-up coupon. A replay answers the first outcome,
-- follow-up included.
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
  p_user_agent text
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
    v_discount := least(v_balance, p_order);
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

  INSERT INTO redemptions (org_id, code_id, campaign_id, group_id, store_id, influencer_id, consumer_id, clerk_user_id,
                           api_key_id, order_amount, discount, balance_after, claimed_at, idempotency_key, request_hash, created_at)
  VALUES (p_org, co.id, c.id, g.id, p_store, g.influencer_id, co.consumer_id, CASE WHEN p_api_key IS NULL THEN p_user END,
          p_api_key, p_order, v_discount, v_after, co.claimed_at, p_key, p_hash, p_now)
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
                             'discount', v_discount, 'balanceAfter', v_after),
          p_ip, p_user_agent, p_now);
  INSERT INTO outbox (org_id, type, subject, data)
  VALUES (p_org, 'code.redeemed', 'code:' || co.id,
          jsonb_build_object('redemptionId', v_id, 'code', co.code, 'campaignId', c.id, 'groupId', g.id,
                             'influencerId', g.influencer_id, 'storeId', p_store, 'orderAmount', p_order,
                             'discount', v_discount, 'payable', p_order - v_discount, 'balance', v_after,
                             'redeemedAt', p_now));

  RETURN QUERY SELECT v_id, v_discount, v_after, p_now, false, v_follow_code, v_follow_campaign;
END;
$$;
--> statement-breakpoint

-- One batch of a targeted send: the given consumers (members of the send's segment, in id order) each
-- get one code of the send's unique group, under claim_code's rules applied set-wise: the campaign and
-- group must be live, nobody gets a second code of the group (a replayed batch hands out nothing), the
-- per-consumer and daily limits, the campaign's audience and total hold; the pool runs out gracefully
-- (`sold_out`). The send row is locked first, so two workers on one send take turns, and its cursor,
-- counts and skips advance in the same transaction as the codes.
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
        WHEN c.audience = 'tagged' AND NOT (c.audience_tag = ANY (k.tags)) THEN 'not_eligible'
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
        UPDATE codes co SET status = 'claimed', consumer_id = p.consumer_id, claimed_at = p_now, expires_at = v_expires
        FROM pairs p WHERE co.id = p.code_id
        RETURNING co.id AS code_id, co.code, p.consumer_id
      ), ins AS (
        INSERT INTO claims (org_id, campaign_id, group_id, code_id, consumer_id, influencer_id, expires_at, created_at, send_id)
        SELECT g.org_id, c.id, g.id, u.code_id, u.consumer_id, g.influencer_id, v_expires, p_now, s.id FROM upd u
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
