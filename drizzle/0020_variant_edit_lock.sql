-- A/B variants change only before a group's first claim (lib/groups/mutations.ts). 0019 checked that
-- with a read of claims, so a claim committing while variants were rewritten could slip past it and
-- point at a variant that was then changed or removed. Now claim_code and send_codes take a shared
-- advisory lock per unique group (no row is written for it; claims never wait for each other) before
-- they pick a variant, and the editor takes the same lock exclusively before it looks for claims:
-- a claim in flight finishes first and the editor sees it, or the claim waits and gets the new variants.
-- The two functions are otherwise as 0019 defined them.
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
    -- Variants are edited only before the first claim: the editor takes this lock exclusively, then
    -- checks for claims, so a claim in flight is either seen by that check or waits for the edit.
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('group-variants:' || g.id::text, 0));
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
      -- As in claim_code: the variants cannot change under this batch (see the header).
      PERFORM pg_advisory_xact_lock_shared(hashtextextended('group-variants:' || g.id::text, 0));
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
