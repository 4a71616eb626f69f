INSERT INTO accounts (customer_id, name, balance_cents) VALUES
    ('alice', 'Alice', 1000000),   -- 10000.00
    ('bob', 'Bob', 5000),          --    50.00
    ('carol', 'Carol', 0);         --     0.00
