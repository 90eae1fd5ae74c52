# Mini-projet : écris ici toutes les commandes, étape par étape.
# 1. Le dépôt et le .gitignore

# 2. Un commit par étape : structure, style, interaction

# 3. La page de contact, sur la branche contact

# 4. La fusion dans main

# 5. La correction de la faute

# 6. Le README

git log --oneline --graph --all
