-- Seed data: three users (ids 1 to 3) and sixty products in three categories (every seventh
-- product inactive). alice may add orders; admin is a superuser.
-- Dev passwords (see README): admin / admin123, alice / alice123, bob / bob123.
INSERT INTO cfg_user (username, email, password, is_active, is_staff, is_superuser, date_joined) VALUES
    ('admin', 'admin@example.com', '{bcrypt}$2a$10$EN2fsgEZDjSTEMSXNrtmKOxwWraHgldlzitYwzhHGpWcDcfMxI4vK', TRUE, TRUE, TRUE, CURRENT_TIMESTAMP),
    ('alice', 'alice@example.com', '{bcrypt}$2a$10$BdcSQEOGVqbcWVlHg7kpJ.u0qSiqFzv46d8JH1.uhQpL7GY78Afju', TRUE, FALSE, FALSE, CURRENT_TIMESTAMP),
    ('bob', 'bob@example.com', '{bcrypt}$2a$10$0T0PsNkLX7lQ.iL0JvunlO6akBV3SzJR6jw3yfoQRxKnrHQOfz0vK', TRUE, FALSE, FALSE, CURRENT_TIMESTAMP);

INSERT INTO demo_profile (user_id, bio)
    SELECT id, CASE username WHEN 'admin' THEN 'Runs the demo shop.'
                             WHEN 'alice' THEN 'Buys books and garden tools.'
                             ELSE 'Just browsing.' END
    FROM cfg_user WHERE username IN ('admin', 'alice', 'bob');

INSERT INTO cfg_permission (codename) VALUES ('orders.add_order');
INSERT INTO cfg_user_permissions (user_id, permission_id)
    SELECT u.id, p.id FROM cfg_user u, cfg_permission p WHERE u.username = 'alice' AND p.codename = 'orders.add_order';

INSERT INTO demo_product (name, category, price, active) VALUES
    ('Gardening for Beginners', 'books', 22.40, TRUE),
    ('The Java Handbook', 'books', 12.00, TRUE),
    ('Distributed Systems Notes', 'books', 29.99, TRUE),
    ('Protocol Buffers in Practice', 'books', 7.99, TRUE),
    ('Cooking with Herbs', 'books', 9.50, TRUE),
    ('A Short History of Maps', 'books', 9.50, TRUE),
    ('Poems of the Sea', 'books', 22.40, FALSE),
    ('The Patient Gardener', 'books', 7.99, TRUE),
    ('Learning SQL', 'books', 14.99, TRUE),
    ('Field Guide to Birds', 'books', 7.99, TRUE),
    ('Night Trains', 'books', 9.50, TRUE),
    ('The Coffee Atlas', 'books', 29.99, TRUE),
    ('Small Boats', 'books', 29.99, TRUE),
    ('Letters from Lisbon', 'books', 9.50, FALSE),
    ('The Clockmaker', 'books', 14.99, TRUE),
    ('Winter Recipes', 'books', 9.50, TRUE),
    ('Stone and Timber', 'books', 29.99, TRUE),
    ('Mountain Walks', 'books', 7.99, TRUE),
    ('The Quiet Engine', 'books', 9.50, TRUE),
    ('Tales of the River', 'books', 14.99, TRUE),
    ('USB-C Cable 1m', 'electronics', 9.99, TRUE),
    ('Wireless Mouse', 'electronics', 129.00, TRUE),
    ('Mechanical Keyboard', 'electronics', 9.99, TRUE),
    ('27-inch Monitor', 'electronics', 39.99, TRUE),
    ('Noise-Cancelling Headphones', 'electronics', 9.99, TRUE),
    ('Portable SSD 1TB', 'electronics', 349.00, TRUE),
    ('Webcam HD', 'electronics', 24.50, FALSE),
    ('Bluetooth Speaker', 'electronics', 59.00, TRUE),
    ('Smart Plug', 'electronics', 129.00, TRUE),
    ('Laptop Stand', 'electronics', 24.50, TRUE),
    ('Phone Charger 30W', 'electronics', 349.00, TRUE),
    ('HDMI Cable 2m', 'electronics', 19.90, TRUE),
    ('E-Reader', 'electronics', 59.00, TRUE),
    ('Action Camera', 'electronics', 349.00, FALSE),
    ('Desk Lamp LED', 'electronics', 24.50, TRUE),
    ('Power Bank 20000mAh', 'electronics', 19.90, TRUE),
    ('Router Wi-Fi 6', 'electronics', 39.99, TRUE),
    ('Microphone USB', 'electronics', 89.95, TRUE),
    ('Graphics Tablet', 'electronics', 19.90, TRUE),
    ('Fitness Tracker', 'electronics', 349.00, TRUE),
    ('Trowel', 'garden', 8.99, TRUE),
    ('Pruning Shears', 'garden', 4.50, TRUE),
    ('Watering Can 10L', 'garden', 19.99, TRUE),
    ('Garden Hose 25m', 'garden', 89.00, TRUE),
    ('Seed Tray Set', 'garden', 129.50, TRUE),
    ('Compost Bin', 'garden', 49.99, TRUE),
    ('Rake', 'garden', 34.90, FALSE),
    ('Wheelbarrow', 'garden', 89.00, TRUE),
    ('Garden Gloves', 'garden', 89.00, TRUE),
    ('Kneeling Pad', 'garden', 34.90, TRUE),
    ('Bird Feeder', 'garden', 24.00, TRUE),
    ('Plant Labels (50)', 'garden', 19.99, TRUE),
    ('Terracotta Pot 30cm', 'garden', 12.75, TRUE),
    ('Hedge Trimmer', 'garden', 19.99, FALSE),
    ('Lawn Sprinkler', 'garden', 8.99, TRUE),
    ('Raised Bed Kit', 'garden', 24.00, TRUE),
    ('Solar Garden Lights', 'garden', 129.50, TRUE),
    ('Rain Barrel 200L', 'garden', 89.00, TRUE),
    ('Tomato Cage', 'garden', 34.90, TRUE),
    ('Herb Planter', 'garden', 89.00, TRUE);
