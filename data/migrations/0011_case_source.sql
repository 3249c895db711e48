-- Where a case's record came from, so that a person always knows whose word
-- a status is: '' for the clinic that keeps this store, 'you' for a case a
-- person entered themselves at home, 'clinic' for one carried home in a
-- clinic's case packet (source_name is that clinic's name and source_date
-- the day the packet was made).
ALTER TABLE cases ADD COLUMN source TEXT NOT NULL DEFAULT '' CHECK (source IN ('', 'you', 'clinic'));
ALTER TABLE cases ADD COLUMN source_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN source_date TEXT NOT NULL DEFAULT '';
