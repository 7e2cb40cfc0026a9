-- Byte-order collation: HLC strings compare as written (fixed-width, sortable), and keys compare fast.
ALTER TABLE "castmatch"."cells" ALTER COLUMN "tbl" TYPE text COLLATE "C", ALTER COLUMN "row_id" TYPE text COLLATE "C", ALTER COLUMN "col" TYPE text COLLATE "C", ALTER COLUMN "hlc" TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE "castmatch"."cell_history" ALTER COLUMN "tbl" TYPE text COLLATE "C", ALTER COLUMN "row_id" TYPE text COLLATE "C", ALTER COLUMN "col" TYPE text COLLATE "C", ALTER COLUMN "hlc" TYPE text COLLATE "C";
--> statement-breakpoint
-- The role that serves requests: not an owner, not a superuser, so row-level security always applies to it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'castmatch_app') THEN
    BEGIN
      CREATE ROLE castmatch_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created concurrently by another database's migration
    END;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'castmatch_app', 'MEMBER') THEN
    EXECUTE format('GRANT castmatch_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA "castmatch" TO castmatch_app;
--> statement-breakpoint
GRANT SELECT ON "castmatch"."offices" TO castmatch_app;
--> statement-breakpoint
GRANT SELECT, UPDATE ON "castmatch"."office_state" TO castmatch_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "castmatch"."users", "castmatch"."invites", "castmatch"."refresh_tokens", "castmatch"."cells" TO castmatch_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON "castmatch"."cell_history", "castmatch"."blobs" TO castmatch_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE "castmatch"."cell_history_id_seq" TO castmatch_app;
--> statement-breakpoint
-- Every table is tenant-scoped by the per-transaction setting app.office_id (set with set_config(..., true)).
DO $$
DECLARE
  t text;
  key text;
BEGIN
  FOREACH t IN ARRAY ARRAY['offices', 'office_state', 'users', 'invites', 'refresh_tokens', 'cells', 'cell_history', 'blobs'] LOOP
    key := CASE WHEN t = 'offices' THEN 'id' ELSE 'office_id' END;
    EXECUTE format('ALTER TABLE castmatch.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE castmatch.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY office_isolation ON castmatch.%I TO castmatch_app USING (%I = nullif(current_setting(''app.office_id'', true), '''')::uuid) WITH CHECK (%I = nullif(current_setting(''app.office_id'', true), '''')::uuid)',
      t, key, key);
    -- The owner (migrations, the narrow SECURITY DEFINER lookups below) is not tenant-scoped.
    EXECUTE format('CREATE POLICY owner_maintenance ON castmatch.%I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Lookups that must happen before the office is known (login, refresh, invite). Each returns one row by a
-- secret or unique key; the app role may call them but cannot read the tables across offices.
CREATE FUNCTION castmatch.auth_find_user(p_email text)
RETURNS TABLE (id uuid, office_id uuid, password_hash text, role text, token_version integer, disabled boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = castmatch, pg_temp AS $$
  SELECT u.id, u.office_id, u.password_hash, u.role, u.token_version, u.disabled_at IS NOT NULL
  FROM castmatch.users u WHERE lower(u.email) = lower(p_email)
$$;
--> statement-breakpoint
CREATE FUNCTION castmatch.auth_find_refresh(p_hash text)
RETURNS TABLE (id uuid, office_id uuid, user_id uuid, family_id uuid, device_id text, expires_at timestamptz, used_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = castmatch, pg_temp AS $$
  SELECT r.id, r.office_id, r.user_id, r.family_id, r.device_id, r.expires_at, r.used_at, r.revoked_at
  FROM castmatch.refresh_tokens r WHERE r.token_hash = p_hash
$$;
--> statement-breakpoint
CREATE FUNCTION castmatch.auth_find_invite(p_hash text)
RETURNS TABLE (id uuid, office_id uuid, role text, expires_at timestamptz, used_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = castmatch, pg_temp AS $$
  SELECT i.id, i.office_id, i.role, i.expires_at, i.used_at FROM castmatch.invites i WHERE i.code_hash = p_hash
$$;
--> statement-breakpoint
CREATE FUNCTION castmatch.auth_email_taken(p_email text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = castmatch, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM castmatch.users u WHERE lower(u.email) = lower(p_email))
$$;
--> statement-breakpoint
CREATE FUNCTION castmatch.create_office(p_id uuid, p_name text) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = castmatch, pg_temp AS $$
  INSERT INTO castmatch.offices (id, name) VALUES (p_id, p_name);
  INSERT INTO castmatch.office_state (office_id, seq) VALUES (p_id, 0);
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION castmatch.auth_find_user(text), castmatch.auth_find_refresh(text), castmatch.auth_find_invite(text), castmatch.auth_email_taken(text), castmatch.create_office(uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION castmatch.auth_find_user(text), castmatch.auth_find_refresh(text), castmatch.auth_find_invite(text), castmatch.auth_email_taken(text), castmatch.create_office(uuid, text) TO castmatch_app;
