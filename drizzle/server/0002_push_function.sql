-- Tenant policies read app.office_id in a scalar subquery, so Postgres evaluates it once per statement rather
-- than once per row (a 500-cell push checks 500 rows).
DO $$
DECLARE
  t text;
  key text;
BEGIN
  FOREACH t IN ARRAY ARRAY['offices', 'office_state', 'users', 'invites', 'refresh_tokens', 'cells', 'cell_history', 'blobs'] LOOP
    key := CASE WHEN t = 'offices' THEN 'id' ELSE 'office_id' END;
    EXECUTE format(
      'ALTER POLICY office_isolation ON castmatch.%I USING (%I = (SELECT nullif(current_setting(''app.office_id'', true), '''')::uuid)) WITH CHECK (%I = (SELECT nullif(current_setting(''app.office_id'', true), '''')::uuid))',
      t, key, key);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Overwritten values are kept: any update of a cell first copies the old value into history.
CREATE FUNCTION castmatch.cells_keep_history() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = castmatch, pg_temp AS $$
BEGIN
  INSERT INTO castmatch.cell_history (office_id, tbl, row_id, col, value, hlc, device_id, reason)
  VALUES (OLD.office_id, OLD.tbl, OLD.row_id, OLD.col, OLD.value, OLD.hlc, OLD.device_id, 'overwritten')
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER cells_keep_history BEFORE UPDATE ON castmatch.cells FOR EACH ROW
  WHEN (OLD.hlc IS DISTINCT FROM NEW.hlc OR OLD.value IS DISTINCT FROM NEW.value)
  EXECUTE FUNCTION castmatch.cells_keep_history();
--> statement-breakpoint
-- A push in one statement (one round trip, so the office lock is never held across the network): scope to the
-- office, re-check the user, lock the office's sequence row, apply last-writer-wins, record what lost, advance
-- the sequence. SECURITY INVOKER: it runs as castmatch_app, under row-level security.
-- The p_* arrays hold one change per (table, row, column) (the server keeps only the newest of duplicates);
-- p_s_* hold the older duplicates, which go straight to history.
CREATE FUNCTION castmatch.sync_push(
  p_office uuid, p_user uuid, p_token_version integer, p_device text,
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
  IF NOT FOUND OR v_disabled IS NOT NULL OR v_tv <> p_token_version THEN
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
REVOKE ALL ON FUNCTION castmatch.sync_push(uuid, uuid, integer, text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION castmatch.sync_push(uuid, uuid, integer, text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) TO castmatch_app;
--> statement-breakpoint
-- Roles are a closed set; the server reads them back without re-validating.
ALTER TABLE "castmatch"."users" ADD CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'casting_director', 'assistant', 'viewer'));
--> statement-breakpoint
ALTER TABLE "castmatch"."invites" ADD CONSTRAINT "invites_role_check" CHECK (role IN ('admin', 'casting_director', 'assistant', 'viewer'));
