-- Access tokens name their sign-in (the refresh-token row issued with them): the push re-checks that its family
-- is not revoked, like the user's token version, in the same statement that applies the push.
DROP FUNCTION castmatch.sync_push(uuid, uuid, integer, text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]);
--> statement-breakpoint
CREATE FUNCTION castmatch.sync_push(
  p_office uuid, p_user uuid, p_token_version integer, p_session uuid, p_device text,
  p_tbl text[], p_row text[], p_col text[], p_val text[], p_hlc text[],
  p_s_tbl text[], p_s_row text[], p_s_col text[], p_s_val text[], p_s_hlc text[]
)
RETURNS TABLE (out_status text, out_role text, out_seq bigint, out_applied integer)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = castmatch, pg_temp AS $$
#variable_conflict use_column
DECLARE
  v_role text;
  v_tv integer;
  v_disabled timestamptz;
  v_base bigint;
  v_applied integer;
  v_seq bigint;
BEGIN
  PERFORM set_config('app.office_id', p_office::text, true);
  SELECT u.role, u.token_version, u.disabled_at INTO v_role, v_tv, v_disabled
    FROM castmatch.users u WHERE u.id = p_user AND u.office_id = p_office;
  -- Also the token's sign-in: a revoked refresh-token family (reuse detected, signed out) refuses its access tokens.
  IF NOT FOUND OR v_disabled IS NOT NULL OR v_tv <> p_token_version
     OR NOT EXISTS (SELECT 1 FROM castmatch.refresh_tokens r
                    WHERE r.id = p_session AND r.user_id = p_user AND r.revoked_at IS NULL) THEN
    RETURN QUERY SELECT 'revoked'::text, NULL::text, NULL::bigint, 0;
    RETURN;
  END IF;
  IF v_role = 'viewer' THEN
    RETURN QUERY SELECT 'forbidden'::text, v_role, NULL::bigint, 0;
    RETURN;
  END IF;
  -- Serialises this office's pushes until commit, so sequence numbers commit in order (gap-safe cursors).
  SELECT s.seq INTO v_base FROM castmatch.office_state s WHERE s.office_id = p_office FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'office_state row missing for office %', p_office;
  END IF;
  -- A new statement: its snapshot includes every push committed before the lock was granted.
  -- Change i gets sequence base+i; a change that loses leaves its number unused (cursors need order, not density).
  WITH input AS (
    SELECT t.tbl, t.row_id, t.col, t.value::jsonb AS value, t.hlc COLLATE "C" AS hlc, t.ord
    FROM unnest(p_tbl, p_row, p_col, p_val, p_hlc) WITH ORDINALITY AS t(tbl, row_id, col, value, hlc, ord)
  ),
  upserted AS (
    INSERT INTO castmatch.cells AS c (office_id, tbl, row_id, col, value, hlc, device_id, seq)
    SELECT p_office, i.tbl, i.row_id, i.col, i.value, i.hlc, p_device, v_base + i.ord FROM input i
    ON CONFLICT (office_id, tbl, row_id, col) DO UPDATE
      SET value = EXCLUDED.value, hlc = EXCLUDED.hlc, device_id = EXCLUDED.device_id, seq = EXCLUDED.seq
      WHERE c.hlc < EXCLUDED.hlc
    RETURNING c.tbl, c.row_id, c.col
  ),
  -- Changes that did not win (usually none): MATERIALIZED so only they are looked up again.
  losers AS MATERIALIZED (
    SELECT i.* FROM input i
    WHERE NOT EXISTS (SELECT 1 FROM upserted u WHERE u.tbl = i.tbl AND u.row_id = i.row_id AND u.col = i.col)
  ),
  history AS (
    INSERT INTO castmatch.cell_history (office_id, tbl, row_id, col, value, hlc, device_id, reason)
    -- Older than the stored winner (or the same clock with another value): kept, never applied. The same change
    -- again (a retried push) is not recorded.
    SELECT p_office, l.tbl, l.row_id, l.col, l.value, l.hlc, p_device, 'arrived_late'
      FROM losers l
      JOIN castmatch.cells c ON c.office_id = p_office AND c.tbl = l.tbl AND c.row_id = l.row_id AND c.col = l.col
      WHERE l.hlc <> c.hlc OR l.value IS DISTINCT FROM c.value
    UNION ALL
    SELECT p_office, s.tbl, s.row_id, s.col, s.value::jsonb, s.hlc, p_device, 'superseded_in_push'
      FROM unnest(p_s_tbl, p_s_row, p_s_col, p_s_val, p_s_hlc) AS s(tbl, row_id, col, value, hlc)
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::integer FROM upserted INTO v_applied; -- history runs too: data-modifying CTEs always do
  v_seq := v_base;
  IF v_applied > 0 THEN
    v_seq := v_base + cardinality(p_tbl);
    UPDATE castmatch.office_state SET seq = v_seq WHERE office_id = p_office;
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_role, v_seq, v_applied;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION castmatch.sync_push(uuid, uuid, integer, uuid, text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION castmatch.sync_push(uuid, uuid, integer, uuid, text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) TO castmatch_app;
