-- The learning repository, embedded: cases, their responses, and full-text search (FTS5).
CREATE TABLE cases (
    uid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    outcome TEXT NOT NULL,
    scenario_id TEXT,
    scenario_title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    responses TEXT NOT NULL DEFAULT '[]',
    lessons TEXT NOT NULL DEFAULT '',
    closed TEXT NOT NULL DEFAULT '',
    review TEXT NOT NULL DEFAULT '[]',
    area TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'own',
    added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX cases_by_scenario ON cases (scenario_id, closed);
CREATE INDEX cases_by_closed ON cases (closed);
CREATE INDEX cases_by_outcome ON cases (outcome, closed);

CREATE TABLE responses (
    rid INTEGER PRIMARY KEY,
    title TEXT NOT NULL UNIQUE
);
-- One row per response a case used; the outcome is copied here so stats by response read one index.
CREATE TABLE case_responses (
    case_uid INTEGER NOT NULL,
    rid INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (case_uid, rid)
) WITHOUT ROWID;
CREATE INDEX case_responses_by_response ON case_responses (rid, outcome);

CREATE VIRTUAL TABLE cases_fts USING fts5 (
    title, description, scenario_title, lessons, responses, area, scenario_id,
    content = 'cases', content_rowid = 'uid', tokenize = 'porter unicode61'
);
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts (rowid, title, description, scenario_title, lessons, responses, area, scenario_id)
    VALUES (new.uid, new.title, new.description, new.scenario_title, new.lessons, new.responses, new.area, new.scenario_id);
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, title, description, scenario_title, lessons, responses, area, scenario_id)
    VALUES ('delete', old.uid, old.title, old.description, old.scenario_title, old.lessons, old.responses, old.area, old.scenario_id);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, title, description, scenario_title, lessons, responses, area, scenario_id)
    VALUES ('delete', old.uid, old.title, old.description, old.scenario_title, old.lessons, old.responses, old.area, old.scenario_id);
    INSERT INTO cases_fts (rowid, title, description, scenario_title, lessons, responses, area, scenario_id)
    VALUES (new.uid, new.title, new.description, new.scenario_title, new.lessons, new.responses, new.area, new.scenario_id);
END;

-- YAML files already moved in (sessions, old imported cases, shared folders), so each is read once per change.
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    case_ids TEXT NOT NULL DEFAULT '[]'
);
