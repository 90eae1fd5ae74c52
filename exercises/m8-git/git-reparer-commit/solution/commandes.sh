git add contact.html
git commit --amend -m "Ajoute les pages d'accueil et de contact"
git log --oneline
