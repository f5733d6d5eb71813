"""Quality control of a hired (or candidate) call center: scorecards, quizzes, mystery shopper, scripts."""
