-- A reply names the message it answers, so a conversation shows together.
ALTER TABLE messages ADD COLUMN reply_to TEXT REFERENCES messages(id) ON DELETE CASCADE;
