-- Secrets every server of a deployment shares (the session signing key, the admin key) when the
-- configuration does not give them: made by the first server that needs one, read by the others.

CREATE TABLE secrets (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
