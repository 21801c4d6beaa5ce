-- Issue 5: full-text search over document chunks with tsvector, a GIN index and ts_rank_cd.
-- One row per chunk in document_chunk_search (title and section weighted above the text), written by a trigger as the
-- chunk is written and removed with it (ON DELETE CASCADE); the tenant and namespace every query filters on are copied.
CREATE TABLE document_chunk_search (
    chunk_id uuid PRIMARY KEY REFERENCES document_chunks (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    namespace text NOT NULL,
    document_id uuid NOT NULL,
    search tsvector NOT NULL
);
CREATE INDEX ix_document_chunk_search_search ON document_chunk_search USING GIN (search);
CREATE INDEX ix_document_chunk_search_tenant_id_namespace ON document_chunk_search (tenant_id, namespace);
CREATE INDEX ix_document_chunk_search_document_id ON document_chunk_search (document_id);

CREATE FUNCTION salesmate_chunk_search_vector(title text, section text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT setweight(to_tsvector('english', coalesce(title, '')), 'B')
              || setweight(to_tsvector('english', coalesce(section, '')), 'B')
              || setweight(to_tsvector('english', body), 'D') $$;

CREATE FUNCTION salesmate_index_chunk_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO document_chunk_search (chunk_id, tenant_id, namespace, document_id, search)
    VALUES (NEW.id, NEW.tenant_id, NEW.namespace, NEW.document_id,
            salesmate_chunk_search_vector((SELECT title FROM documents WHERE id = NEW.document_id), NEW.section, NEW.text))
    ON CONFLICT (chunk_id) DO UPDATE SET namespace = EXCLUDED.namespace, search = EXCLUDED.search;
    RETURN NULL;
END
$$;
CREATE TRIGGER document_chunks_search AFTER INSERT OR UPDATE OF text, section, namespace ON document_chunks
    FOR EACH ROW EXECUTE FUNCTION salesmate_index_chunk_search();

CREATE FUNCTION salesmate_index_document_title() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE document_chunk_search s SET search = salesmate_chunk_search_vector(NEW.title, c.section, c.text)
    FROM document_chunks c WHERE c.id = s.chunk_id AND c.document_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER documents_search_title AFTER UPDATE OF title ON documents
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION salesmate_index_document_title();

INSERT INTO document_chunk_search (chunk_id, tenant_id, namespace, document_id, search)
SELECT c.id, c.tenant_id, c.namespace, c.document_id, salesmate_chunk_search_vector(d.title, c.section, c.text)
FROM document_chunks c LEFT JOIN documents d ON d.id = c.document_id;

-- Row-level security like every tenant-owned table, when migration 0008 (issue 4) is present.
DO $$
BEGIN
    IF to_regproc('salesmate_isolate_tenant') IS NOT NULL THEN
        PERFORM salesmate_isolate_tenant('document_chunk_search');
    END IF;
END
$$;
