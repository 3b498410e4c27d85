-- +goose Up
-- The bilateral observations by origin: a country page lists the corridors
-- to the country (the remittance costs of every corridor it is the origin
-- of), and the primary key leads with the area, so that query read the
-- whole indicator on every page. Partial: only the observations that name
-- an origin (a few per cent of a large corpus) are in it, and a query by
-- origin says "origin <> ''" so that the planner may use it. One origin's
-- rows are one range of it, in the key's order.
CREATE INDEX observations_origin ON observations (series, origin, area, sex) WHERE origin <> '';

-- +goose Down
DROP INDEX observations_origin;
