# Dépôt, .gitignore, puis un commit par étape.
