CREATE TABLE "send_members" (
	"send_id" uuid NOT NULL,
	"consumer_id" uuid NOT NULL,
	CONSTRAINT "send_members_send_id_consumer_id_pk" PRIMARY KEY("send_id","consumer_id")
);
--> statement-breakpoint
DROP INDEX "consumer_days_org_day_idx";--> statement-breakpoint
ALTER TABLE "sends" ADD COLUMN "members_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_members" ADD CONSTRAINT "send_members_send_id_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consumer_days_org_day_idx" ON "consumer_days" USING btree ("org_id","day","consumer_id","redemptions","order_total");