-- claim_code: one consumer claims one code of a group, atomically, in ONE statement (one round trip).
-- It is the only place codes are handed out (invariants 1, 3 and 5); lib/claims/claim.ts calls it.
-- A refusal raises SQLSTATE P0001 with the API error code as the message (sold_out, limit_reached,
-- not_eligible, not_started, ended, paused, frozen, not_found), so every write before it rolls back.
--
-- Why it is fast under load: the unique-code pick starts at a random position of the pool and takes
-- the next available code with FOR UPDATE SKIP LOCKED on the (group_id, status, seq) index, so
-- concurrent claimers spread over the pool instead of queueing on its first row, and a scan never
-- walks through the codes already handed out. No group-wide counter row is touched for unique groups
-- (the pool itself bounds the quantity); counters exist only where a limit needs one (shared codes,
-- campaign totals, daily caps), each as a conditional UPDATE.
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
  v_existing record;
  v_count int;
  v_code_id bigint;
  v_code text;
  v_expires timestamptz;
  v_start int;
  v_claim uuid;
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
  RETURNING k.id, k.tags INTO v_consumer, v_tags;

  -- One claim at a time per consumer and campaign: the limits below are read and then written.
  PERFORM pg_advisory_xact_lock(hashtextextended(v_consumer::text || c.id::text, 0));

  -- A repeat claim in the same group gets the code it already holds.
  SELECT cl.id, cl.code_id, co.code, cl.expires_at INTO v_existing
  FROM claims cl JOIN codes co ON co.id = cl.code_id
  WHERE cl.group_id = g.id AND cl.consumer_id = v_consumer AND NOT cl.is_referral_reward
  ORDER BY cl.created_at LIMIT 1;
  IF FOUND THEN
    RETURN QUERY SELECT v_existing.id, v_existing.code_id, v_existing.code, v_existing.expires_at, true, v_consumer, c.id;
    RETURN;
  END IF;

  SELECT count(*) INTO v_count FROM claims cl
  WHERE cl.campaign_id = c.id AND cl.consumer_id = v_consumer AND NOT cl.is_referral_reward;
  IF v_count >= c.per_consumer_limit THEN RAISE EXCEPTION 'limit_reached'; END IF;

  IF c.audience = 'new' AND EXISTS (
    SELECT 1 FROM claims cl WHERE cl.org_id = g.org_id AND cl.consumer_id = v_consumer
  ) THEN
    RAISE EXCEPTION 'not_eligible';
  END IF;
  IF c.audience = 'tagged' AND NOT (c.audience_tag = ANY (v_tags)) THEN RAISE EXCEPTION 'not_eligible'; END IF;

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
