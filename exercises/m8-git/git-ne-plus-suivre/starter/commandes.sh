# Retire .env du suivi (sans le supprimer), ajoute-le au .gitignore, puis commite.
git status
