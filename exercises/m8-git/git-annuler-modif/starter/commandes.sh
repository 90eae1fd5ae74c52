git status
git diff
