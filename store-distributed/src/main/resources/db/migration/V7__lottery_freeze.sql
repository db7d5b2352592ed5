-- A lottery's entrant set is frozen here before its draw reads the entries: an entry is recorded
-- only while it is not (entries lock the lottery's row to share, the freeze to update), so every
-- entry acknowledged is in the draw, even if Redis forgot its own freeze meanwhile.

ALTER TABLE lotteries ADD COLUMN frozen boolean NOT NULL DEFAULT false;
