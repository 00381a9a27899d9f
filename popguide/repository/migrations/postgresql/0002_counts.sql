-- Stats at any size: outcome counts by problem and by response, kept in step by triggers.
CREATE TABLE outcome_counts (
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    outcome TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (scenario_id, scenario_title, outcome)
);
CREATE TABLE response_counts (
    rid BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (rid, outcome)
);

INSERT INTO outcome_counts (scenario_id, scenario_title, outcome, n)
    SELECT coalesce(scenario_id, ''), scenario_title, outcome, count(*) FROM cases
    GROUP BY coalesce(scenario_id, ''), scenario_title, outcome;
INSERT INTO response_counts (rid, outcome, n)
    SELECT rid, outcome, count(*) FROM case_responses GROUP BY rid, outcome;

CREATE FUNCTION popguide_outcome_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE outcome_counts SET n = n - 1
        WHERE scenario_id = coalesce(OLD.scenario_id, '') AND scenario_title = OLD.scenario_title AND outcome = OLD.outcome;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO outcome_counts VALUES (coalesce(NEW.scenario_id, ''), NEW.scenario_title, NEW.outcome, 1)
        ON CONFLICT (scenario_id, scenario_title, outcome) DO UPDATE SET n = outcome_counts.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER outcome_counts_change AFTER INSERT OR DELETE OR UPDATE OF scenario_id, scenario_title, outcome
    ON cases FOR EACH ROW EXECUTE FUNCTION popguide_outcome_counts();

CREATE FUNCTION popguide_response_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE response_counts SET n = n - 1 WHERE rid = OLD.rid AND outcome = OLD.outcome;
    ELSE
        INSERT INTO response_counts VALUES (NEW.rid, NEW.outcome, 1)
        ON CONFLICT (rid, outcome) DO UPDATE SET n = response_counts.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER response_counts_change AFTER INSERT OR DELETE ON case_responses
    FOR EACH ROW EXECUTE FUNCTION popguide_response_counts();
