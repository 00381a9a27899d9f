-- The learning repository, shared: cases, their responses, and full-text search (tsvector + GIN).
CREATE TABLE cases (
    uid BIGSERIAL PRIMARY KEY,
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
    added TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', description), 'B')
        || to_tsvector('english', scenario_title || ' ' || lessons || ' ' || responses || ' ' || area)
    ) STORED,
    area_search tsvector GENERATED ALWAYS AS (to_tsvector('simple', area)) STORED
);
CREATE INDEX cases_by_scenario ON cases (scenario_id, closed);
CREATE INDEX cases_by_closed ON cases (closed);
CREATE INDEX cases_by_outcome ON cases (outcome, closed);
CREATE INDEX cases_search ON cases USING gin (search);
CREATE INDEX cases_area_search ON cases USING gin (area_search);

CREATE TABLE responses (
    rid BIGSERIAL PRIMARY KEY,
    title TEXT NOT NULL UNIQUE
);
-- One row per response a case used; the outcome is copied here so stats by response read one index.
CREATE TABLE case_responses (
    case_uid BIGINT NOT NULL REFERENCES cases (uid) ON DELETE CASCADE,
    rid BIGINT NOT NULL REFERENCES responses (rid),
    outcome TEXT NOT NULL,
    PRIMARY KEY (case_uid, rid)
);
CREATE INDEX case_responses_by_response ON case_responses (rid, outcome);

-- Kept for parity with the embedded schema: YAML files moved in, each read once per change.
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    case_ids TEXT NOT NULL DEFAULT '[]'
);
