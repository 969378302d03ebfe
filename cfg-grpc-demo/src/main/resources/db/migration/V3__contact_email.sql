-- The contact email of a profile (UpdateProfile), checked by its buf.validate rule.
ALTER TABLE demo_profile ADD COLUMN contact_email VARCHAR(254) NOT NULL DEFAULT '';
