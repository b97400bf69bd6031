"""SQLite schema of the embedded store, as an ordered list of migrations.

Migration N is applied when ``schema_version`` is below N; each runs in one transaction.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: pages, stories, story duplicates
    """
    CREATE TABLE pages (
        id TEXT PRIMARY KEY,            -- sha256 of the raw bytes
        seq INTEGER NOT NULL,           -- ingest order
        source TEXT NOT NULL,
        doc TEXT NOT NULL,
        fmt TEXT NOT NULL,
        encoding TEXT,
        size INTEGER NOT NULL,
        status TEXT NOT NULL,           -- ok | rejected
        error TEXT,
        published TEXT,
        published_inferred INTEGER NOT NULL DEFAULT 0,
        outlet TEXT,
        url TEXT,
        title TEXT,
        language TEXT,
        site_name TEXT,
        meta_json TEXT NOT NULL DEFAULT '{}',
        raw TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        removed_json TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE page_sources (
        source TEXT PRIMARY KEY,        -- every path/URL that carried the page's bytes
        page_id TEXT NOT NULL REFERENCES pages(id)
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        page_id TEXT NOT NULL REFERENCES pages(id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        headline TEXT, headline_start INTEGER, headline_end INTEGER,
        dateline TEXT, dateline_start INTEGER, dateline_end INTEGER,
        source_line TEXT, source_line_start INTEGER, source_line_end INTEGER,
        category TEXT,
        truncated INTEGER NOT NULL DEFAULT 0,
        captions_json TEXT NOT NULL DEFAULT '[]',
        script TEXT NOT NULL,
        text TEXT NOT NULL,             -- original script; NULL-free even for duplicates
        align_json TEXT NOT NULL,
        norm TEXT NOT NULL,
        norm_align_json TEXT NOT NULL,
        reference_date TEXT,
        reference_precision TEXT,
        content_hash TEXT NOT NULL,
        duplicate_of TEXT               -- first story with the same/near-same content
    );
    CREATE INDEX stories_page ON stories(page_id);
    CREATE INDEX stories_hash ON stories(content_hash);
    CREATE INDEX stories_kind ON stories(kind);
    CREATE TABLE story_duplicates (
        story_id TEXT PRIMARY KEY REFERENCES stories(id),
        duplicate_of TEXT NOT NULL REFERENCES stories(id),
        method TEXT NOT NULL,           -- exact | near
        similarity REAL NOT NULL
    );
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        bucket TEXT NOT NULL,
        story_id TEXT NOT NULL
    );
    CREATE INDEX minhash_lookup ON minhash_bands(band, bucket);
    """,
    # 2: entities, mentions, time expressions, quantities
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name_zh TEXT NOT NULL,
        name_en TEXT,
        code TEXT,
        sector TEXT,
        wikidata_id TEXT,
        lat REAL, lon REAL,
        country TEXT,
        role TEXT,
        source TEXT
    );
    CREATE TABLE mentions (
        id TEXT PRIMARY KEY,            -- story_id:start-end
        story_id TEXT NOT NULL REFERENCES stories(id),
        page_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        type TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        norm_start INTEGER NOT NULL, norm_end INTEGER NOT NULL,
        method TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE INDEX mentions_story ON mentions(story_id);
    CREATE TABLE times (
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id),
        text TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        norm_start INTEGER NOT NULL, norm_end INTEGER NOT NULL,
        date TEXT, end_date TEXT, precision TEXT NOT NULL, inferred INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX times_story ON times(story_id);
    CREATE TABLE quantities (
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id),
        text TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        norm_start INTEGER NOT NULL, norm_end INTEGER NOT NULL,
        value REAL NOT NULL, unit TEXT, counts TEXT, ordinal INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX quantities_story ON quantities(story_id);
    """,
    # 3: events
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        page_id TEXT NOT NULL,
        story_id TEXT NOT NULL REFERENCES stories(id),
        event TEXT NOT NULL,
        mode TEXT,
        quad_code INTEGER,
        cameo TEXT,
        date TEXT,
        date_precision TEXT,
        teaser INTEGER NOT NULL DEFAULT 0,
        qualifier TEXT,
        confidence REAL NOT NULL,
        coder TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
        event_text TEXT NOT NULL,
        trigger TEXT,
        actor_codes TEXT NOT NULL DEFAULT '',      -- space-separated codes, for filtering
        recipient_codes TEXT NOT NULL DEFAULT '',
        place_name TEXT, lat REAL, lon REAL,
        outlet TEXT,
        published TEXT,
        norm_text TEXT NOT NULL DEFAULT '',         -- evidence sentence, simplified (for dedup)
        block TEXT NOT NULL DEFAULT '',             -- dedup block: type|month
        json TEXT NOT NULL                          -- the full PLOVER-shaped record
    );
    CREATE INDEX events_block ON events(block);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_type ON events(event, date);
    CREATE INDEX events_story ON events(story_id);
    """,
    # 4: one event, many reports; story clusters; conflicting claims
    """
    CREATE TABLE event_clusters (
        event_id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL
    );
    CREATE INDEX event_clusters_cluster ON event_clusters(cluster_id);
    CREATE TABLE dirty_blocks (block TEXT PRIMARY KEY);   -- blocks whose clusters need recomputing
    CREATE TABLE story_clusters (
        story_id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL
    );
    CREATE INDEX story_clusters_cluster ON story_clusters(cluster_id);
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        event_a TEXT NOT NULL,
        event_b TEXT NOT NULL,
        kind TEXT NOT NULL,             -- reversed-roles | affirmed-denied
        day TEXT,
        parties TEXT NOT NULL
    );
    """,
    # 5: API read paths (store/queries.py): covering indexes for date/type/code filters, and event counts
    # per (date, type) kept by triggers.  Each trigger recounts its group from the index rather than
    # adding 1, so the table stays exact even when INSERT OR REPLACE drops a row without a delete trigger.
    """
    CREATE INDEX events_day_type_codes ON events(date, event, actor_codes, recipient_codes);
    CREATE INDEX events_type_day_codes ON events(event, date, actor_codes, recipient_codes);
    DROP INDEX events_date;             -- prefixes of the two above, which also cover the code filters
    DROP INDEX events_type;
    CREATE TABLE event_day_counts (
        day TEXT NOT NULL,              -- events.date as stored ('' when the event has no date)
        event TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, event)
    ) WITHOUT ROWID;
    INSERT INTO event_day_counts SELECT COALESCE(date, ''), event, COUNT(*) FROM events GROUP BY 1, 2;
    CREATE TRIGGER event_day_counts_insert AFTER INSERT ON events BEGIN
        INSERT OR REPLACE INTO event_day_counts SELECT COALESCE(NEW.date, ''), NEW.event, COUNT(*)
            FROM events WHERE event = NEW.event AND date IS NEW.date;
    END;
    CREATE TRIGGER event_day_counts_delete AFTER DELETE ON events BEGIN
        INSERT OR REPLACE INTO event_day_counts SELECT COALESCE(OLD.date, ''), OLD.event, COUNT(*)
            FROM events WHERE event = OLD.event AND date IS OLD.date;
    END;
    CREATE TRIGGER event_day_counts_update AFTER UPDATE OF date, event ON events BEGIN
        INSERT OR REPLACE INTO event_day_counts SELECT COALESCE(OLD.date, ''), OLD.event, COUNT(*)
            FROM events WHERE event = OLD.event AND date IS OLD.date;
        INSERT OR REPLACE INTO event_day_counts SELECT COALESCE(NEW.date, ''), NEW.event, COUNT(*)
            FROM events WHERE event = NEW.event AND date IS NEW.date;
    END;
    """,
    # 6: API code filters (store/queries.py): one row per (event, code it names), kept by triggers, so a
    # `code`, `actor` or `recipient` code filter reads an index range instead of testing every event.
    # Codes are the space-separated tokens of actor_codes / recipient_codes (split through json_quote,
    # so any character is safe); role is 1 actor, 2 recipient, 3 both.  `day` is 'd' || events.date, ''
    # for no date (keys of a WITHOUT ROWID table cannot be NULL; the order of events.date is kept).
    # Every trigger first drops the rows of the event id, so INSERT OR REPLACE (no delete trigger) is exact;
    # no trigger statement can conflict, since an outer statement's OR REPLACE/IGNORE would override its own.
    # event_code_counts answers totals and timelines of those filters without reading the rows.
    # (date) and (event, date) come back: they give the (date, rowid) order of the event pages directly.
    """
    CREATE TABLE event_codes (
        id TEXT NOT NULL,               -- events.id
        code TEXT NOT NULL,
        day TEXT NOT NULL,
        event TEXT NOT NULL,
        role INTEGER NOT NULL,
        PRIMARY KEY (id, code)
    ) WITHOUT ROWID;
    CREATE INDEX event_codes_day ON event_codes(code, day, event, role);
    CREATE INDEX event_codes_type ON event_codes(code, event, day, role);
    CREATE VIEW event_code_tokens AS
        SELECT e.id, e.date, e.event, e.actor_codes, e.recipient_codes, j.value AS code
        FROM events e, json_each('[' || replace(json_quote(e.actor_codes || ' ' || e.recipient_codes), ' ', '","')
                                 || ']') j
        WHERE j.value != '';
    INSERT OR IGNORE INTO event_codes
        SELECT id, code, CASE WHEN date IS NULL THEN '' ELSE 'd' || date END, event,
               (instr(' ' || actor_codes || ' ', ' ' || code || ' ') > 0)
               + 2 * (instr(' ' || recipient_codes || ' ', ' ' || code || ' ') > 0)
        FROM event_code_tokens;
    DROP VIEW event_code_tokens;
    CREATE TABLE event_code_counts (    -- event_codes rows per (code, day, type, role), kept by triggers
        code TEXT NOT NULL,
        day TEXT NOT NULL,
        event TEXT NOT NULL,
        role INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (code, day, event, role)
    ) WITHOUT ROWID;
    INSERT INTO event_code_counts SELECT code, day, event, role, COUNT(*) FROM event_codes GROUP BY 1, 2, 3, 4;
    CREATE INDEX event_code_counts_type ON event_code_counts(code, event, day);
    CREATE TRIGGER event_code_counts_insert AFTER INSERT ON event_codes BEGIN
        INSERT INTO event_code_counts SELECT NEW.code, NEW.day, NEW.event, NEW.role, 0 WHERE NOT EXISTS (
            SELECT 1 FROM event_code_counts
            WHERE code = NEW.code AND day = NEW.day AND event = NEW.event AND role = NEW.role);
        UPDATE event_code_counts SET n = n + 1
            WHERE code = NEW.code AND day = NEW.day AND event = NEW.event AND role = NEW.role;
    END;
    CREATE TRIGGER event_code_counts_delete AFTER DELETE ON event_codes BEGIN
        UPDATE event_code_counts SET n = n - 1
            WHERE code = OLD.code AND day = OLD.day AND event = OLD.event AND role = OLD.role;
        DELETE FROM event_code_counts    -- no empty groups: the table is a function of event_codes alone
            WHERE code = OLD.code AND day = OLD.day AND event = OLD.event AND role = OLD.role AND n = 0;
    END;
    CREATE TRIGGER event_codes_insert AFTER INSERT ON events BEGIN
        DELETE FROM event_codes WHERE id = NEW.id;
        INSERT INTO event_codes
            SELECT NEW.id, j.value, CASE WHEN NEW.date IS NULL THEN '' ELSE 'd' || NEW.date END, NEW.event,
                   (instr(' ' || NEW.actor_codes || ' ', ' ' || j.value || ' ') > 0)
                   + 2 * (instr(' ' || NEW.recipient_codes || ' ', ' ' || j.value || ' ') > 0)
            FROM json_each('[' || replace(json_quote(NEW.actor_codes || ' ' || NEW.recipient_codes), ' ', '","')
                           || ']') j
            WHERE j.value != '' GROUP BY j.value;
    END;
    CREATE TRIGGER event_codes_delete AFTER DELETE ON events BEGIN
        DELETE FROM event_codes WHERE id = OLD.id;
    END;
    CREATE TRIGGER event_codes_update AFTER UPDATE OF id, date, event, actor_codes, recipient_codes ON events
    BEGIN
        DELETE FROM event_codes WHERE id = OLD.id;
        INSERT INTO event_codes
            SELECT NEW.id, j.value, CASE WHEN NEW.date IS NULL THEN '' ELSE 'd' || NEW.date END, NEW.event,
                   (instr(' ' || NEW.actor_codes || ' ', ' ' || j.value || ' ') > 0)
                   + 2 * (instr(' ' || NEW.recipient_codes || ' ', ' ' || j.value || ' ') > 0)
            FROM json_each('[' || replace(json_quote(NEW.actor_codes || ' ' || NEW.recipient_codes), ' ', '","')
                           || ']') j
            WHERE j.value != '' GROUP BY j.value;
    END;
    CREATE INDEX events_day ON events(date);
    CREATE INDEX events_type_day ON events(event, date);
    """,
    # 7: ingest order lookups (the next page's place) without scanning every page
    """
    CREATE INDEX pages_seq ON pages(seq);
    """,
    # 8: day counts kept by adding and subtracting one; recounting a day's events on every insert was
    # quadratic in a crowded day (a crawl's 20,000 ASSAULT reports of one date)
    """
    DROP TRIGGER event_day_counts_insert;
    DROP TRIGGER event_day_counts_delete;
    DROP TRIGGER event_day_counts_update;
    DELETE FROM event_day_counts;       -- no empty groups: the table is a function of events alone
    -- (no INSERT OR IGNORE in the triggers: an outer INSERT OR REPLACE would turn it into a replace)
    INSERT INTO event_day_counts SELECT COALESCE(date, ''), event, COUNT(*) FROM events GROUP BY 1, 2;
    CREATE TRIGGER event_day_counts_insert AFTER INSERT ON events BEGIN
        INSERT INTO event_day_counts SELECT COALESCE(NEW.date, ''), NEW.event, 0 WHERE NOT EXISTS (
            SELECT 1 FROM event_day_counts WHERE day = COALESCE(NEW.date, '') AND event = NEW.event);
        UPDATE event_day_counts SET n = n + 1 WHERE day = COALESCE(NEW.date, '') AND event = NEW.event;
    END;
    CREATE TRIGGER event_day_counts_delete AFTER DELETE ON events BEGIN
        UPDATE event_day_counts SET n = n - 1 WHERE day = COALESCE(OLD.date, '') AND event = OLD.event;
        DELETE FROM event_day_counts WHERE day = COALESCE(OLD.date, '') AND event = OLD.event AND n = 0;
    END;
    CREATE TRIGGER event_day_counts_update AFTER UPDATE OF date, event ON events BEGIN
        UPDATE event_day_counts SET n = n - 1 WHERE day = COALESCE(OLD.date, '') AND event = OLD.event;
        DELETE FROM event_day_counts WHERE day = COALESCE(OLD.date, '') AND event = OLD.event AND n = 0;
        INSERT INTO event_day_counts SELECT COALESCE(NEW.date, ''), NEW.event, 0 WHERE NOT EXISTS (
            SELECT 1 FROM event_day_counts WHERE day = COALESCE(NEW.date, '') AND event = NEW.event);
        UPDATE event_day_counts SET n = n + 1 WHERE day = COALESCE(NEW.date, '') AND event = NEW.event;
    END;
    """,
    # 9: clusters joined across the seam of two months (30 April / 1 May): each block's own components
    # are kept as labels, and the seams' links join labels into the clusters of event_clusters
    """
    CREATE TABLE block_clusters (
        event_id TEXT PRIMARY KEY,
        label TEXT NOT NULL             -- the event's component within its block (smallest member id)
    );
    CREATE INDEX block_clusters_label ON block_clusters(label);
    INSERT INTO block_clusters SELECT event_id, cluster_id FROM event_clusters;
    CREATE TABLE seam_links (
        seam TEXT NOT NULL,             -- the later month's block: EVENT|YYYY-MM
        label_a TEXT NOT NULL,          -- a label of the earlier block
        label_b TEXT NOT NULL           -- a label of the later block, the same act
    );
    CREATE INDEX seam_links_seam ON seam_links(seam);
    """,
]
