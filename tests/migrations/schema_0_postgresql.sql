CREATE TABLE "user" (
	id SERIAL NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	password_hash VARCHAR(255) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	display_name VARCHAR(120) NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_user_email ON "user" (email);

CREATE TABLE cohort (
	id SERIAL NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);

CREATE TABLE skill_block (
	id SERIAL NOT NULL, 
	code VARCHAR(40) NOT NULL, 
	title TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);

CREATE TABLE module (
	id SERIAL NOT NULL, 
	slug VARCHAR(80) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	position INTEGER NOT NULL, 
	hours INTEGER NOT NULL, 
	intro_md TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (slug)
);

CREATE TABLE cohort_member (
	cohort_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	PRIMARY KEY (cohort_id, user_id), 
	FOREIGN KEY(cohort_id) REFERENCES cohort (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE
);

CREATE TABLE api_token (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE, 
	UNIQUE (token_hash)
);

CREATE INDEX ix_api_token_user_id ON api_token (user_id);

CREATE TABLE competence (
	id SERIAL NOT NULL, 
	code VARCHAR(60) NOT NULL, 
	title TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	block_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code), 
	FOREIGN KEY(block_id) REFERENCES skill_block (id)
);

CREATE TABLE lesson (
	id SERIAL NOT NULL, 
	module_id INTEGER NOT NULL, 
	slug VARCHAR(120) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	position INTEGER NOT NULL, 
	body_md TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (module_id, slug), 
	FOREIGN KEY(module_id) REFERENCES module (id) ON DELETE CASCADE
);

CREATE TABLE exercise (
	id SERIAL NOT NULL, 
	slug VARCHAR(120) NOT NULL, 
	module_id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	position INTEGER NOT NULL, 
	active BOOLEAN NOT NULL, 
	current_version_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(module_id) REFERENCES module (id)
);

CREATE UNIQUE INDEX ix_exercise_slug ON exercise (slug);

CREATE TABLE exercise_competence (
	exercise_id INTEGER NOT NULL, 
	competence_id INTEGER NOT NULL, 
	PRIMARY KEY (exercise_id, competence_id), 
	FOREIGN KEY(exercise_id) REFERENCES exercise (id) ON DELETE CASCADE, 
	FOREIGN KEY(competence_id) REFERENCES competence (id) ON DELETE CASCADE
);

CREATE TABLE exercise_version (
	id SERIAL NOT NULL, 
	exercise_id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	content JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (exercise_id, content_hash), 
	FOREIGN KEY(exercise_id) REFERENCES exercise (id)
);

CREATE INDEX ix_exercise_version_exercise_id ON exercise_version (exercise_id);

CREATE TABLE submission (
	id SERIAL NOT NULL, 
	user_id INTEGER NOT NULL, 
	exercise_id INTEGER NOT NULL, 
	exercise_version_id INTEGER NOT NULL, 
	files JSON NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	score FLOAT, 
	message TEXT NOT NULL, 
	output TEXT NOT NULL, 
	attempt INTEGER NOT NULL, 
	lease_until TIMESTAMP WITHOUT TIME ZONE, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	started_at TIMESTAMP WITHOUT TIME ZONE, 
	graded_at TIMESTAMP WITHOUT TIME ZONE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES "user" (id), 
	FOREIGN KEY(exercise_id) REFERENCES exercise (id), 
	FOREIGN KEY(exercise_version_id) REFERENCES exercise_version (id)
);

CREATE INDEX ix_submission_created_at ON submission (created_at);

CREATE INDEX ix_submission_user_id ON submission (user_id);

CREATE INDEX ix_submission_status ON submission (status);

CREATE INDEX ix_submission_exercise_id ON submission (exercise_id);

CREATE TABLE test_result (
	id SERIAL NOT NULL, 
	submission_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	message TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(submission_id) REFERENCES submission (id) ON DELETE CASCADE
);

CREATE INDEX ix_test_result_submission_id ON test_result (submission_id);

ALTER TABLE exercise ADD CONSTRAINT fk_exercise_current_version FOREIGN KEY(current_version_id) REFERENCES exercise_version (id);
