-- +goose Up
-- The name people read (name_en) is the UN's short name where the UN has
-- one; name_source says where it comes from, and ISO 3166-1's short name and
-- the formal name are kept beside it. Every region carries the published
-- source of its grouping (ILOSTAT for the ILO regions, UNSD for M49).
ALTER TABLE countries ADD COLUMN name_source TEXT NOT NULL DEFAULT '';
ALTER TABLE countries ADD COLUMN name_iso TEXT NOT NULL DEFAULT '';
ALTER TABLE countries ADD COLUMN name_official TEXT NOT NULL DEFAULT '';
ALTER TABLE regions ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE regions ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
ALTER TABLE regions ADD COLUMN source_checked TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE regions DROP COLUMN source_checked;
ALTER TABLE regions DROP COLUMN source_url;
ALTER TABLE regions DROP COLUMN source;
ALTER TABLE countries DROP COLUMN name_official;
ALTER TABLE countries DROP COLUMN name_iso;
ALTER TABLE countries DROP COLUMN name_source;
