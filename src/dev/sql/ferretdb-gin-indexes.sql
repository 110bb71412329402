-- Indexes FerretDB's queries can use, kept beside FerretDB's own tables in DataPact's embedded
-- PostgreSQL cluster. FerretDB v1.24 pushes a top-level equality down as `_jsonb->'f' @> '"v"'`
-- (internal/backends/postgresql/query.go, filterEqual), but the indexes it creates for
-- `createIndexes` are btree indexes on `(_jsonb->'f')` (metadata/registry.go, indexesCreate), which
-- cannot serve `@>`. So every FerretDB index key on a top-level field gets a GIN twin on the same
-- expression here: once for the tables that exist, and from then on by an event trigger whenever
-- FerretDB creates an index (every collection's unique `_id` index included). Idempotent.

-- A schema no FerretDB database can have: MongoDB database names cannot contain `$`.
CREATE SCHEMA IF NOT EXISTS datapact$store;

-- Creates the GIN twin of each single-field key of one btree index; does nothing for other indexes.
CREATE OR REPLACE FUNCTION datapact$store.add_gin_twins(btree_index oid) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  idx record;
  k int;
  keydef text;
  field text;
  twin text;
BEGIN
  SELECT i.indrelid, i.indnatts, c.relnamespace, n.nspname, a.amname
    INTO idx
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_am a ON a.oid = c.relam
   WHERE i.indexrelid = btree_index;
  IF NOT FOUND OR idx.amname <> 'btree' OR idx.nspname IN ('pg_catalog', 'information_schema', 'datapact$store') THEN
    RETURN;
  END IF;
  FOR k IN 1..idx.indnatts LOOP
    keydef := pg_get_indexdef(btree_index, k, true);
    -- FerretDB writes a key on field f as (_jsonb -> 'f'); a dotted path has two arrows and is skipped.
    field := substring(keydef FROM $re$^\(?_jsonb -> '((?:[^']|'')+)'::text\)?$$re$);
    IF field IS NULL THEN
      CONTINUE;
    END IF;
    field := replace(field, '''''', '''');
    twin := 'datapact_gin_' || substr(md5(idx.indrelid::text || '/' || field), 1, 16);
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = twin AND relnamespace = idx.relnamespace) THEN
      EXECUTE format('CREATE INDEX %I ON %s USING gin ((_jsonb -> %L) jsonb_path_ops)', twin, idx.indrelid::regclass, field);
    END IF;
  END LOOP;
END;
$fn$;

CREATE OR REPLACE FUNCTION datapact$store.on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' LOOP
    PERFORM datapact$store.add_gin_twins(cmd.objid);
  END LOOP;
END;
$fn$;

DROP EVENT TRIGGER IF EXISTS datapact_gin_twins;
CREATE EVENT TRIGGER datapact_gin_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION datapact$store.on_create_index();

-- The tables FerretDB made before this trigger existed.
SELECT count(datapact$store.add_gin_twins(i.indexrelid))
  FROM pg_index i
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'datapact$store')
   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = '_jsonb');
