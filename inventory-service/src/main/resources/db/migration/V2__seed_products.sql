INSERT INTO products (sku, name, on_hand, reserved) VALUES
    ('A', 'Widget', 1000, 0),
    ('B', 'Gadget', 500, 0),
    ('C', 'Limited edition', 10, 0);
