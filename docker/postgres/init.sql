-- One database per service, created by the postgres image on its first start (empty data volume only).
-- Each service creates its own tables with Flyway when it starts.
CREATE DATABASE order_saga;
CREATE DATABASE inventory;
CREATE DATABASE payment;
