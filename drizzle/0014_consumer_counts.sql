CREATE TABLE "consumer_counts" (
	"org_id" uuid NOT NULL,
	"shard" smallint NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "consumer_counts_org_id_shard_pk" PRIMARY KEY("org_id","shard")
);
--> statement-breakpoint
ALTER TABLE "consumer_counts" ADD CONSTRAINT "consumer_counts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Kept by statement triggers (one row per backend shard, so concurrent first claims don't queue on one
-- row); the consumers list sums the shards for its unfiltered total. Erasure keeps the row, so only
-- inserts and deletes (an organisation deleted) change the count.
CREATE OR REPLACE FUNCTION consumer_counts_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO consumer_counts AS c (org_id, shard, n)
  SELECT i.org_id, (pg_backend_pid() % 64)::smallint, count(*) FROM inserted i GROUP BY i.org_id
  ON CONFLICT (org_id, shard) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION consumer_counts_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- An organisation being deleted takes its counts with it: only the living are counted down.
  INSERT INTO consumer_counts AS c (org_id, shard, n)
  SELECT d.org_id, (pg_backend_pid() % 64)::smallint, -count(*) FROM deleted d
   WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = d.org_id) GROUP BY d.org_id
  ON CONFLICT (org_id, shard) DO UPDATE SET n = c.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER consumers_counted_in AFTER INSERT ON consumers REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION consumer_counts_inserted();
--> statement-breakpoint
CREATE TRIGGER consumers_counted_out AFTER DELETE ON consumers REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION consumer_counts_deleted();
--> statement-breakpoint
INSERT INTO consumer_counts (org_id, shard, n) SELECT org_id, 0, count(*) FROM consumers GROUP BY org_id;
