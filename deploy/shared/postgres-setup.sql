-- The PostgreSQL side of deploy/shared: a role and an empty database for
-- lambdatutor. Run once on the database server:
--
--   sudo -u postgres psql -v password="'$(openssl rand -hex 24)'" -f deploy/shared/postgres-setup.sql
--
-- (hex: the password goes into a postgres:// URL, where / + @ : would need
-- percent-encoding)
--
-- lambdatutor creates its tables itself (the first instance to start, under
-- an advisory lock) and refuses a database that holds other tables.
CREATE ROLE lambdatutor LOGIN PASSWORD :password;
CREATE DATABASE lambdatutor OWNER lambdatutor;
-- Connections: each instance opens at most 16 (pool_max_conns=N in the URL
-- changes it), so two instances need 32 of max_connections (default 100).
