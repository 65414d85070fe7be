-- Statements for the log corpus, run with psql against a fresh cluster;
-- each failing statement is an ERROR line (with its STATEMENT line) in the
-- server log. Counts: syntax error 3, unique violation 2, division by
-- zero 7, missing relation 1.
CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);
INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');
SELEC * FROM users;
INSERT INTO users VALUES (3, 'a@example.com');
SELECT id / 0 FROM users WHERE id = 1;
SELECT count(*) FROM users WHERE;
INSERT INTO users VALUES (4, 'b@example.com');
SELECT 10 / (id - 1) FROM users WHERE id = 1;
SELECT * FROM orders;
SELECT 1 / 0;
SELECT 2 / 0;
SELEC email FROM users;
SELECT 3 / 0;
SELECT 4 / 0;
SELECT 100 / (SELECT count(*) - 2 FROM users);
