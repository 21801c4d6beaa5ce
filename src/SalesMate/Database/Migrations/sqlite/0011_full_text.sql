-- Issue 5: full-text search over document chunks with FTS5 and bm25().
-- document_chunks has a TEXT primary key, so its implicit rowid can change on VACUUM and cannot key an external-content
-- FTS table. document_chunk_search maps each chunk to a stable INTEGER PRIMARY KEY (kept by VACUUM), which is the rowid
-- of its document_chunks_fts row, and carries the tenant and namespace every query filters on. The triggers below keep
-- both in step with document_chunks and documents (deletes cascaded from documents fire them too).
-- The FTS row also carries its scope as one token ('s' + tenant id hex + namespace hex), so a query can match
-- "scope AND (words)" and rank only its own namespace inside FTS5, instead of joining every match to filter it.
CREATE TABLE document_chunk_search (
    id INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    namespace TEXT NOT NULL,
    document_id TEXT NOT NULL
);
CREATE INDEX ix_document_chunk_search_tenant_id_namespace ON document_chunk_search (tenant_id, namespace);
CREATE INDEX ix_document_chunk_search_document_id ON document_chunk_search (document_id);
CREATE VIRTUAL TABLE document_chunks_fts USING fts5(title, section, text, scope, tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER document_chunks_search_insert AFTER INSERT ON document_chunks BEGIN
    INSERT INTO document_chunk_search (chunk_id, tenant_id, namespace, document_id)
    VALUES (NEW.id, NEW.tenant_id, NEW.namespace, NEW.document_id);
    INSERT INTO document_chunks_fts (rowid, title, section, text, scope)
    VALUES ((SELECT id FROM document_chunk_search WHERE chunk_id = NEW.id),
            coalesce((SELECT title FROM documents WHERE id = NEW.document_id), ''), coalesce(NEW.section, ''), NEW.text,
            's' || lower(replace(NEW.tenant_id, '-', '')) || lower(hex(NEW.namespace)));
END;
CREATE TRIGGER document_chunks_search_delete AFTER DELETE ON document_chunks BEGIN
    DELETE FROM document_chunks_fts WHERE rowid = (SELECT id FROM document_chunk_search WHERE chunk_id = OLD.id);
    DELETE FROM document_chunk_search WHERE chunk_id = OLD.id;
END;
CREATE TRIGGER document_chunks_search_update AFTER UPDATE OF text, section, namespace ON document_chunks BEGIN
    UPDATE document_chunks_fts SET section = coalesce(NEW.section, ''), text = NEW.text,
        scope = 's' || lower(replace(NEW.tenant_id, '-', '')) || lower(hex(NEW.namespace))
    WHERE rowid = (SELECT id FROM document_chunk_search WHERE chunk_id = NEW.id);
    UPDATE document_chunk_search SET namespace = NEW.namespace WHERE chunk_id = NEW.id;
END;
CREATE TRIGGER documents_search_title AFTER UPDATE OF title ON documents BEGIN
    UPDATE document_chunks_fts SET title = NEW.title
    WHERE rowid IN (SELECT id FROM document_chunk_search WHERE document_id = NEW.id);
END;

INSERT INTO document_chunk_search (chunk_id, tenant_id, namespace, document_id)
SELECT id, tenant_id, namespace, document_id FROM document_chunks;
INSERT INTO document_chunks_fts (rowid, title, section, text, scope)
SELECT s.id, coalesce(d.title, ''), coalesce(c.section, ''), c.text, 's' || lower(replace(c.tenant_id, '-', '')) || lower(hex(c.namespace))
FROM document_chunk_search s JOIN document_chunks c ON c.id = s.chunk_id LEFT JOIN documents d ON d.id = c.document_id;
