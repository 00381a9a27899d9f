-- Stats at any size: outcome counts by problem and by response, kept in step by triggers.
-- (No INSERT OR IGNORE in the triggers: an upsert on cases would override it and fail.)
CREATE TABLE outcome_counts (
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (scenario_id, scenario_title, outcome)
) WITHOUT ROWID;
CREATE TABLE response_counts (
    rid INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (rid, outcome)
) WITHOUT ROWID;

INSERT INTO outcome_counts (scenario_id, scenario_title, outcome, n)
    SELECT coalesce(scenario_id, ''), scenario_title, outcome, count(*) FROM cases
    GROUP BY coalesce(scenario_id, ''), scenario_title, outcome;
INSERT INTO response_counts (rid, outcome, n)
    SELECT rid, outcome, count(*) FROM case_responses GROUP BY rid, outcome;

CREATE TRIGGER outcome_counts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO outcome_counts SELECT coalesce(new.scenario_id, ''), new.scenario_title, new.outcome, 0
    WHERE NOT EXISTS (SELECT 1 FROM outcome_counts WHERE scenario_id = coalesce(new.scenario_id, '')
                      AND scenario_title = new.scenario_title AND outcome = new.outcome);
    UPDATE outcome_counts SET n = n + 1
    WHERE scenario_id = coalesce(new.scenario_id, '') AND scenario_title = new.scenario_title AND outcome = new.outcome;
END;
CREATE TRIGGER outcome_counts_delete AFTER DELETE ON cases BEGIN
    UPDATE outcome_counts SET n = n - 1
    WHERE scenario_id = coalesce(old.scenario_id, '') AND scenario_title = old.scenario_title AND outcome = old.outcome;
END;
CREATE TRIGGER outcome_counts_update AFTER UPDATE OF scenario_id, scenario_title, outcome ON cases BEGIN
    UPDATE outcome_counts SET n = n - 1
    WHERE scenario_id = coalesce(old.scenario_id, '') AND scenario_title = old.scenario_title AND outcome = old.outcome;
    INSERT INTO outcome_counts SELECT coalesce(new.scenario_id, ''), new.scenario_title, new.outcome, 0
    WHERE NOT EXISTS (SELECT 1 FROM outcome_counts WHERE scenario_id = coalesce(new.scenario_id, '')
                      AND scenario_title = new.scenario_title AND outcome = new.outcome);
    UPDATE outcome_counts SET n = n + 1
    WHERE scenario_id = coalesce(new.scenario_id, '') AND scenario_title = new.scenario_title AND outcome = new.outcome;
END;
CREATE TRIGGER response_counts_insert AFTER INSERT ON case_responses BEGIN
    INSERT INTO response_counts SELECT new.rid, new.outcome, 0
    WHERE NOT EXISTS (SELECT 1 FROM response_counts WHERE rid = new.rid AND outcome = new.outcome);
    UPDATE response_counts SET n = n + 1 WHERE rid = new.rid AND outcome = new.outcome;
END;
CREATE TRIGGER response_counts_delete AFTER DELETE ON case_responses BEGIN
    UPDATE response_counts SET n = n - 1 WHERE rid = old.rid AND outcome = old.outcome;
END;
