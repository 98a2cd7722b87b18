-- Secondary indexes and the tasks' foreign keys, created after the bulk load: one sorted index
-- build and one validating join beat 10,000 incremental index inserts and 30,000 trigger calls.

ALTER TABLE tasks
  ADD FOREIGN KEY (organization_id) REFERENCES organizations,
  ADD FOREIGN KEY (patient_id) REFERENCES patients,
  ADD FOREIGN KEY (assignee_id) REFERENCES practitioners;

CREATE INDEX patients_organization_idx ON patients (organization_id);
CREATE INDEX authorization_ledger_authorization_idx ON authorization_ledger (authorization_id);
-- The list filters: organization + status + priority, soonest due first.
CREATE INDEX tasks_org_status_priority_due_idx ON tasks (organization_id, status, priority, due_at);
-- "My tasks": organization + assignee + status.
CREATE INDEX tasks_org_assignee_status_idx ON tasks (organization_id, assignee_id, status);
CREATE INDEX tasks_patient_idx ON tasks (patient_id);
CREATE INDEX tasks_search_idx ON tasks USING gin (search);
