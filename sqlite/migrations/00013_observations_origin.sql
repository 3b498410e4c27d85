-- +goose Up
-- The bilateral observations by origin: a country page lists the corridors
-- to the country (the remittance costs of every corridor it is the origin
-- of), and the primary key leads with the area, so that query read the
-- whole indicator on every page. Partial: only the observations that name
-- an origin (a few per cent of a large corpus) are in it, and a query by
-- origin says "origin <> ''" so that the planner may use it. It holds every
-- column, in the key's order after the origin: one origin's rows are one
-- range of it, read in the order a page is, without a lookup per row in
-- the table (without the statistics of ANALYZE, SQLite prefers the primary
-- key to an index that needs such lookups).
CREATE INDEX observations_origin ON observations
	(series, origin, area, sex, age, migrant, activity, occupation, other, source, period_start, period_end, value, status, note, changed)
	WHERE origin <> '';

-- +goose Down
DROP INDEX observations_origin;
