# 1. git init  2. crée .gitignore  3. git add et git commit
