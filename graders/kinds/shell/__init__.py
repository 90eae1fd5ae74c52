"""The `shell` kind: the learner writes commands; they run in a prepared folder."""
