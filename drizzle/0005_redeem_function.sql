-- apply_redemption: one redemption of one code, atomically, in ONE statement (invariants 2, 3, 4, 5).
-- lib/redemptions/redeem.ts looks the code up and prices the order first (rules in TypeScript, with the
-- words a clerk needs on refusal); this function then re-checks, under the code's row lock, everything
-- that can change between the two statements and writes the redemption, the stored-value ledger, the
-- audit row and the outbox event. A refusal raises SQLSTATE P0001 with the API error code as message.
--
-- Idempotency: with a key, a transaction-scoped advisory lock on (org, key) serialises requests that
-- carry the same key; the second one finds the first one's committed redemption and returns it
-- (same body) or refuses with idempotency_conflict (different body).
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
  is_replay boolean
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
BEGIN
  IF p_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('redeem:' || p_org::text || ':' || p_key, 0));
    SELECT * INTO v_prev FROM redemptions r WHERE r.org_id = p_org AND r.idempotency_key = p_key;
    IF FOUND THEN
      IF v_prev.request_hash IS DISTINCT FROM p_hash THEN RAISE EXCEPTION 'idempotency_conflict'; END IF;
      RETURN QUERY SELECT v_prev.id, v_prev.discount, v_prev.balance_after, v_prev.created_at, true;
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

  RETURN QUERY SELECT v_id, v_discount, v_after, p_now, false;
END;
$$;
