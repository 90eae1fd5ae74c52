"""Demo data: a cohort of 15 learners with a realistic month of graded history."""
