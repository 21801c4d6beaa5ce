-- Issue 4: conversations belong to the agent (sales, trainer) they were started with.
ALTER TABLE conversations ADD COLUMN agent text NOT NULL DEFAULT 'sales';
