-- Dates of birth and A-numbers are sealed (AES-256-GCM) with the install's
-- data key, in one column; an A-number is found, and kept unique, by its
-- keyed hash. The plaintext columns of version 1 stay empty from now on
-- (SQLite cannot drop a UNIQUE column); Store.UseKeys moves old rows over.
ALTER TABLE people ADD COLUMN sealed BLOB;
ALTER TABLE people ADD COLUMN a_number_mac TEXT;
CREATE UNIQUE INDEX people_a_number_mac ON people(a_number_mac);
