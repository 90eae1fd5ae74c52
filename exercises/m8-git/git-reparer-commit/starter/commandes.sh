git status
git log --oneline
