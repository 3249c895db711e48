-- ../0002_sealed.sql with BYTEA for BLOB.
ALTER TABLE people ADD COLUMN sealed BYTEA;
ALTER TABLE people ADD COLUMN a_number_mac TEXT;
CREATE UNIQUE INDEX people_a_number_mac ON people(a_number_mac);
